"""Publishing a 10,000-frame sequence: in place (target 0 bytes copied) and by hard link.

    python3 -m benchmarks.bench_publish [--frames 10000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from avalon_nuke.db.sqlite_store import SQLiteRepository
from avalon_nuke.publish.rendered_images import publish_renders

FRAME_BYTES = 64 * 1024


def write_frames(folder: Path, count: int) -> int:
    folder.mkdir(parents=True)
    payload = b"\0" * FRAME_BYTES
    for frame in range(1001, 1001 + count):
        (folder / f"sh010_beauty_v003.{frame:04d}.exr").write_bytes(payload)
    return count * FRAME_BYTES


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp) / "projects"
        repo = SQLiteRepository(Path(temp) / "bench.db")
        repo.create_project("bench", root=str(root))
        repo.create_asset("bench", "sh010")
        inside = root / "bench" / "sh010" / "renders" / "beauty"
        outside = Path(temp) / "scratch" / "beauty"
        size = write_frames(inside, args.frames)
        write_frames(outside, args.frames)
        print(f"{args.frames} frames of {FRAME_BYTES // 1024} KiB ({size / 2**20:.0f} MiB)")
        for label, folder in (("in place (under the projects root)", inside),
                              ("from outside the root (hard links)", outside)):
            started = time.perf_counter()
            result = publish_renders(repo, project="bench", asset="sh010", subset="beauty", inputs=[folder],
                                     projects_root=root)
            elapsed = time.perf_counter() - started
            print(f"  {label:<36} {elapsed * 1000:8.0f} ms  {result.bytes_copied} bytes copied "
                  f"(v{result.version['name']:03d})")
        print("target: 0 bytes copied in place")
        repo.close()


if __name__ == "__main__":
    main()
