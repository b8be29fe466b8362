# Install layout and the Debian package (CPack DEB). See packaging/README.md for why CPack and how the
# cross builds get their Depends. Configure with -DCMAKE_INSTALL_PREFIX=/usr for the FHS paths below.
set(LTE_PKG_DIR ${PROJECT_SOURCE_DIR}/packaging)
set(LTE_SHARE_DIR ${CMAKE_INSTALL_DATADIR}/lte-dialer)
set(LTE_DOC_DIR ${CMAKE_INSTALL_DATADIR}/doc/lte-dialer)

# Holds the APN credentials: root-only, and a conffile so upgrades keep the administrator's edits.
# OPTIONAL until config/config.yaml lands.
set(LTE_CONFIG_FILE ${PROJECT_SOURCE_DIR}/config/config.yaml)
install(FILES ${LTE_CONFIG_FILE} DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/lte-dialer
        PERMISSIONS OWNER_READ OWNER_WRITE OPTIONAL)

install(FILES systemd/lte-dialer.service systemd/lte-dialer@.service
        DESTINATION /lib/systemd/system OPTIONAL)
install(FILES systemd/70-lte-dialer.rules DESTINATION /lib/udev/rules.d OPTIONAL)
# pppd's ip-up-script and ip-down-script (one script that knows by its name which it is), found by
# the ppp layer through LTE_PPP_HOOK_DIR.
foreach(hook ip-up ip-down)
  install(PROGRAMS ${LTE_PKG_DIR}/ppp-hook DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/lte-dialer RENAME ${hook})
endforeach()
# Makes /etc/resolv.conf writable for the units only when it is a plain file (see the script).
install(PROGRAMS ${LTE_PKG_DIR}/resolv-generator DESTINATION /lib/systemd/system-generators RENAME lte-dialer-resolv)
install(FILES ${LTE_PKG_DIR}/lte-dialer.sysusers DESTINATION ${CMAKE_INSTALL_PREFIX}/lib/sysusers.d
        RENAME lte-dialer.conf)
install(FILES ${LTE_PKG_DIR}/lte-dialer.modules-load DESTINATION ${CMAKE_INSTALL_PREFIX}/lib/modules-load.d
        RENAME lte-dialer.conf)

foreach(kind sequences profiles)
  file(GLOB shipped CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/config/${kind}/*.yaml)
  install(FILES ${shipped} DESTINATION ${LTE_SHARE_DIR}/${kind})
endforeach()

# Not executable: a hook runs only once a person copies it into hooks.d.
install(FILES ${LTE_PKG_DIR}/hook-example DESTINATION ${LTE_DOC_DIR}/examples)
install(FILES ${LTE_PKG_DIR}/lintian-overrides
        DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides RENAME lte-dialer)
install(FILES ${LTE_PKG_DIR}/lte-dialer.bash-completion
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME lte-dialer)

# Man pages written as man pages (man/*.scd, scdoc's markup): lte-dialer(1), lte-dialer.yaml(5),
# lte-modem-sim(1). tests/unit/config/man_pages_test.cpp keeps them in step with the loader's keys
# and each program's options. scdoc runs on the build machine, so cross builds need no emulator.
find_program(SCDOC scdoc)
set(man_pages)
foreach(source IN ITEMS lte-dialer.1 lte-dialer.yaml.5 lte-modem-sim.1)
  set(page ${CMAKE_CURRENT_BINARY_DIR}/man/${source})
  add_custom_command(OUTPUT ${page}.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/man
    COMMAND sh -c "\"$0\" < \"$1\" | gzip -9n > \"$2\"" ${SCDOC} ${PROJECT_SOURCE_DIR}/man/${source}.scd ${page}.gz
    DEPENDS ${PROJECT_SOURCE_DIR}/man/${source}.scd
    VERBATIM)
  list(APPEND man_pages ${page}.gz)
endforeach()
add_custom_command(OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/changelog.gz
  COMMAND gzip -9nc ${LTE_PKG_DIR}/changelog > ${CMAKE_CURRENT_BINARY_DIR}/changelog.gz
  DEPENDS ${LTE_PKG_DIR}/changelog)
# Not built by default: only packaging wants the pages (and scdoc).
add_custom_target(package-docs DEPENDS ${man_pages} ${CMAKE_CURRENT_BINARY_DIR}/changelog.gz)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/man/lte-dialer.1.gz ${CMAKE_CURRENT_BINARY_DIR}/man/lte-modem-sim.1.gz
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 OPTIONAL)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/man/lte-dialer.yaml.5.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man5 OPTIONAL)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/changelog.gz ${LTE_PKG_DIR}/copyright
        DESTINATION ${LTE_DOC_DIR} OPTIONAL)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME lte-dialer)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "cellular modem dialer daemon that supervises pppd")
# The synopsis comes from the summary above; CPack indents these lines itself.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "lte-dialer replaces pppd chat scripts for SIMCom, Quectel and other
3GPP TS 27.007 modems: it runs a declarative YAML connect sequence on the
modem's AT port, dials the data port, then starts and supervises pppd,
with redial, radio cycling and modem reset when the link is lost. It
reports to systemd and journald.

The package also ships lte-modem-sim, a simulated modem to try the
daemon without hardware.")
set(CPACK_PACKAGE_CONTACT "lte-dialer developers <lte-dialer@users.noreply.github.com>")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_SET_DESTDIR ON)  # absolute destinations (/etc, /lib/systemd) land inside the package
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Library Depends come from dpkg-shlibdeps; pppd is run, not linked.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "ppp")

set(conffiles ${CMAKE_CURRENT_BINARY_DIR}/deb-control/conffiles)
if(EXISTS ${LTE_CONFIG_FILE})
  file(WRITE ${conffiles} "${CMAKE_INSTALL_FULL_SYSCONFDIR}/lte-dialer/config.yaml\n")
else()
  file(REMOVE ${conffiles})
endif()
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${LTE_PKG_DIR}/postinst ${LTE_PKG_DIR}/prerm ${LTE_PKG_DIR}/postrm)
if(EXISTS ${conffiles})
  list(APPEND CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${conffiles})
endif()

if(CMAKE_CROSSCOMPILING)
  # dpkg-shlibdeps for the target arch: libraries are looked up in the sysroot and attributed to packages
  # through the admin dir packaging/make-sysroot.sh wrote beside it.
  set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${LTE_DEB_ARCH})
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS
      ${CMAKE_SYSROOT}/usr/lib/${CMAKE_LIBRARY_ARCHITECTURE})
  set(shlibdeps ${CMAKE_CURRENT_BINARY_DIR}/deb-control/dpkg-shlibdeps)
  file(WRITE ${shlibdeps}
       "#!/bin/sh\nexec env DEB_HOST_ARCH=${LTE_DEB_ARCH} dpkg-shlibdeps --admindir=${CMAKE_SYSROOT}.admin \"$@\"\n")
  file(CHMOD ${shlibdeps} PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
       WORLD_READ WORLD_EXECUTE)
  # Read by CPackDeb's find_program(SHLIBDEPS_EXECUTABLE ...), which keeps a value already set.
  set(CPACK_PROJECT_CONFIG_FILE ${CMAKE_CURRENT_BINARY_DIR}/deb-control/cpack-cross.cmake)
  file(WRITE ${CPACK_PROJECT_CONFIG_FILE} "set(SHLIBDEPS_EXECUTABLE \"${shlibdeps}\")\n")
endif()

include(CPack)
