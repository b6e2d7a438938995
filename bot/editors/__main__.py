"""`python -m bot.editors`: serve the review page (README, "For editors").

Refuses to start, with the reason, when `PATHWAY_EDITORS_SECRET` is not set: the page is off
unless configured. Listens on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List, Optional


def main(argv: Optional[List[str]] = None) -> int:
    from bot.editors.auth import NotConfigured, secret_from_environment
    from bot.tools.cli import default_endpoints

    parser = argparse.ArgumentParser(prog="python -m bot.editors", description=__doc__)
    parser.add_argument("--endpoints", default=default_endpoints(),
                        help="the endpoints file of the Rasa server (its tracker store's database)")
    parser.add_argument("--project", default=".", help="the project folder (data/, domain.yml)")
    parser.add_argument("--model", default="models/pathway.tar.gz",
                        help="the model the Rasa server runs")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5006)
    args = parser.parse_args(argv)
    try:
        secret = secret_from_environment()
    except NotConfigured as error:
        print(error, file=sys.stderr)
        return 2

    from bot.editors.app import Settings, create_app
    from bot.tools.purge import PurgeError, engine_from_endpoints

    project = Path(args.project).resolve()
    try:
        engine = engine_from_endpoints(Path(args.endpoints).resolve())
    except PurgeError as error:
        print(error, file=sys.stderr)
        return 1
    model = Path(args.model)
    app = create_app(Settings(engine, project, model if model.is_absolute() else project / model,
                              secret))
    print(f"Editors' review page: http://{args.host}:{args.port}/editors/", flush=True)
    app.run(host=args.host, port=args.port, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
