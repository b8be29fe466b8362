int main() { return 0; }  // replaced by the dialer's command line
