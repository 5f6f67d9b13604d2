# A read-only anonymous FTP server on 127.0.0.1 for haul's FTP tests,
# built on Debian's python3-pyftpdlib.  Usage:
#   ftpsrv.py ROOT PORTFILE [PASV_ADDRESS]
# It listens on an ephemeral port, writes the port to PORTFILE, and logs
# every command to stderr.  PASV_ADDRESS, when given, is the address the
# server claims in its PASV replies (a test makes it one nothing listens
# on, to play a server behind a badly set-up NAT); EPSV, whose replies
# carry no address, is then refused so that clients must use PASV.
import logging
import os
import sys

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer


class PasvOnlyHandler(FTPHandler):
    def ftp_EPSV(self, line):
        self.respond("502 EPSV not implemented.")


def main():
    root, portfile = sys.argv[1], sys.argv[2]
    authorizer = DummyAuthorizer()
    authorizer.add_anonymous(root, perm="elr")
    handler = FTPHandler
    handler.authorizer = authorizer
    if len(sys.argv) > 3:
        handler = PasvOnlyHandler
        handler.masquerade_address = sys.argv[3]
    handler.authorizer = authorizer
    logging.basicConfig(stream=sys.stderr, level=logging.DEBUG)
    server = FTPServer(("127.0.0.1", 0), handler)
    port = server.socket.getsockname()[1]
    with open(portfile + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.rename(portfile + ".tmp", portfile)
    server.serve_forever(timeout=1)


main()
