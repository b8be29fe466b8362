#!/usr/bin/env python3
"""Writes the seed corpora of tests/fuzz/corpus/<target>/ from the project's real inputs:
the byte transcripts tests/data/*.at, the AT lines of the field notes in shared/seeds/, and
the shipped YAML under config/. Run from anywhere; rerun after the inputs change. Files named
regress-* are crash reproducers kept by hand and are never touched here."""
import ast
import hashlib
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "tests/fuzz/corpus"
SEEDS = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/seeds"

# parse_fuzz.cpp's selector byte for each reply prefix (the order of its parsers table).
PARSERS = [("+CEREG", 1), ("+CGREG", 1), ("+CREG", 1), ("+C5GREG", 1), ("+CGDCONT", 2), ("+CGAUTH", 3),
           ("+COPS", 4), ("+CSQ", 5), ("+CESQ", 5), ("+CPIN", 6), ("+CME ERROR", 7), ("+CMS ERROR", 7),
           ("+CPSI", 8)]
IDENTITY = 9


def write(target, data):
    folder = OUT / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


def transcripts():
    """Each .at file as a list of exchanges: (command, [reads])."""
    for path in sorted((ROOT / "tests/data").glob("*.at")):
        exchanges, cmd, reads = [], None, []
        for line in path.read_text().splitlines():
            kind, _, rest = line.partition(" ")
            if kind in ("cmd", "idle"):
                if cmd is not None or reads:
                    exchanges.append((cmd, reads))
                cmd, reads = (rest if kind == "cmd" else None), []
            elif kind == "rx":
                reads.append(ast.literal_eval("b'" + rest.replace("'", "\\'") + "'"))
        exchanges.append((cmd, reads))
        yield exchanges


def reply_lines():
    lines = set()
    for exchanges in transcripts():
        for _, reads in exchanges:
            lines.update(l.decode("latin-1") for l in re.split(rb"[\r\n]+", b"".join(reads)) if l)
    start = re.compile(r"\+[A-Z0-9]+(?: ERROR)?: ")
    for path in sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []:
        for text_line in path.read_text(errors="replace").splitlines():
            m = start.search(text_line)
            if not m:
                continue
            # The prose around a quoted line ends it: a closing quote, a bracket, a Python repr.
            line = re.split(r"\\|'|`|\" ?[(（]|\"の|\)", text_line[m.start():])[0].rstrip(" ,")
            if line.count('"') % 2:
                line = line.rstrip('"')
            if line.isascii():
                lines.add(line)
    return sorted(lines)


def main():
    for exchanges in transcripts():
        stream = b"".join(b"".join(reads) for _, reads in exchanges)
        write("fuzz_line_framer", b"\x00\x07" + stream)
        for cmd, reads in exchanges:
            data = b"".join(reads)
            write("fuzz_line_framer", b"\x00\x03" + data)
            write("fuzz_at_channel", data)
    write("fuzz_line_framer", b"\x01\x05\r\n> ")  # AT+CMGS's prompt

    for line in reply_lines():
        raw = line.encode()
        selector = next((s for p, s in PARSERS if line.startswith(p)), IDENTITY)
        write("fuzz_parse", bytes([selector]) + raw)
        if ":" in line:
            write("fuzz_parse", b"\x00" + raw.split(b":", 1)[1])  # the field splitter
    # Families the field notes never show; forms from 27.007 and the vendors' manuals.
    for selector, text in ((7, "+CME ERROR: 10"), (7, "+CMS ERROR: SMSC address unknown"),
                           (7, "+CME ERROR: SIM not inserted"), (5, "+CESQ: 99,99,255,255,20,61"),
                           (1, '+CEREG: 2,1,"1698","0258C104",7'),
                           (1, '+C5GREG: 3,3,"00A1B2","0000000ABCDEF",11,2,"01:02",0,27'),
                           (6, "\nERROR"), (6, "+CPIN: SIM PIN\nOK"), (IDENTITY, "861234567890123\nOK"),
                           (2, '+CGDCONT: 1,"IP","a"\n+CGDCONT: 2,"IPV4V6","b","",0,0')):
        write("fuzz_parse", bytes([selector]) + text.encode())

    for path in sorted((ROOT / "config/sequences").glob("*.yaml")):
        write("fuzz_sequence_loader", path.read_bytes())
    for path in sorted((ROOT / "config").glob("*.yaml")) + sorted((ROOT / "config/profiles").glob("*.yaml")):
        write("fuzz_config_loader", path.read_bytes())

    # CMUX: the frame vectors of Zephyr's CMUX tests (tests/subsys/modem/modem_cmux/src/main.c, an
    # independent 27.010 implementation), one stream of all of them, with N1 = 127 and N1 = 31.
    zephyr = [bytes.fromhex(h) for h in (
        "f9033f011cf9", "f9037301d7f9", "f903ef05c301f2f9", "f9073f01def9", "f907730115f9",
        "f90753013ff9", "f90b3f0159f9", "f90b730192f9", "f901ff0be3070b09016cf9", "f901ff05a30186f9",
        "f907ef0541543 0f9".replace(" ", ""), "f90bef050d0ab7f9")]
    for frame in zephyr:
        write("fuzz_cmux_frame", b"\x7e\x00" + frame)
    write("fuzz_cmux_frame", b"\x7e\x05" + b"".join(zephyr))
    write("fuzz_cmux_frame", b"\x1e\x09\r\nOK\r\n" + b"".join(zephyr))


if __name__ == "__main__":
    main()
