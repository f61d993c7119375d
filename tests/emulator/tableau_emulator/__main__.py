"""``python -m tableau_emulator``: run the emulator in the foreground until interrupted."""

import argparse
import json
import sys

from .server import make_server
from .state import DEFAULT_SEED, load_seed


def main(argv=None):
    parser = argparse.ArgumentParser(prog="tableau_emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8850, help="port; 0 picks a free one and prints it (default: 8850)")
    parser.add_argument("--seed", help="JSON seed file (default: the built-in seed, see --print-seed)")
    parser.add_argument("--print-seed", action="store_true", help="print the built-in seed and exit")
    parser.add_argument("--tls-cert", help="PEM certificate: serve HTTPS")
    parser.add_argument("--tls-key", help="PEM private key for --tls-cert")
    parser.add_argument("--cloud", action="store_true", help="answer as Tableau Cloud (no site listing or creation)")
    parser.add_argument("--latency-ms", type=float, default=0, help="added to every API request")
    parser.add_argument("--signin-latency-ms", type=float, default=0, help="added to every sign-in")
    parser.add_argument("--throttle-rate", type=float, default=0,
                        help="API requests a second let through; past it a 429 with Retry-After (default 0: no limit)")
    parser.add_argument("--throttle-burst", type=int, help="API requests let through at once (default: the rate)")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    if args.print_seed:
        print(json.dumps(DEFAULT_SEED, indent=2))
        return 0
    seed = load_seed(args.seed) if args.seed else json.loads(json.dumps(DEFAULT_SEED))
    if args.cloud:
        seed.setdefault("server", {})["cloud"] = True
    httpd = make_server(args.host, args.port, seed, args.tls_cert, args.tls_key,
                        args.latency_ms, args.signin_latency_ms, args.verbose, args.throttle_rate, args.throttle_burst)
    print("Tableau emulator ready on %s" % httpd.url, flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
        httpd.emulator.state.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
