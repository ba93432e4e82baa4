"""Serve a built site on 127.0.0.1 the way a static host would (gzip, cache headers).

Lighthouse measures transfer sizes: a host that sends Material's 140 KB stylesheet
uncompressed is not what the site will be served from, so text files are gzipped
when the browser asks for it, as GitHub Pages, Netlify and nginx do.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import threading
from pathlib import Path

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv", ".map")


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    _gzip_cache: dict[tuple[str, float], bytes] = {}  # noqa: RUF012 - shared on purpose

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def end_headers(self) -> None:
        if not getattr(self, "_cache_header_sent", False):
            path = self.path.split("?", 1)[0]
            # Material's assets carry a content hash in their names.
            immutable = "/assets/" in path and path.rsplit(".", 1)[-1] in ("css", "js", "svg", "png")
            self.send_header("Cache-Control", "public, max-age=31536000" if immutable else "no-cache")
        super().end_headers()

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # redirects to the slash form
            path = path / "index.html"
        if not ("gzip" in self.headers.get("Accept-Encoding", "") and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        key = (str(path), path.stat().st_mtime)
        body = self._gzip_cache.get(key)
        if body is None:
            body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            self._gzip_cache[key] = body
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


class SiteServer:
    """``with SiteServer(site) as url:`` serves ``site`` at ``url`` (a free port on 127.0.0.1)."""

    def __init__(self, root: Path) -> None:
        handler = functools.partial(StaticHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        return self.url

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


if __name__ == "__main__":  # python tests/browser/siteserver.py SITE_DIR  (for a look by hand)
    import sys
    import time

    with SiteServer(Path(sys.argv[1])) as url:
        print(url, flush=True)
        while True:
            time.sleep(3600)
