"""The first M rows of each data set of a binary record stream (mi-records(5), format=f32le-esc), as
a binary record stream: each metadata line kept but for n= and rows=. The tools draw rows
independently, so the first M rows are a random subsample of M.

usage: first_rows.py M < stream.bin > stream-M.bin
"""

import re
import sys


def unescape(payload):
    return re.sub(rb"\x1b(.)", lambda m: bytes([m.group(1)[0] ^ 0x40]), payload, flags=re.S)


def escape(payload):
    return payload.replace(b"\x1b", b"\x1b\x5b").replace(b"\n", b"\x1b\x4a")


def main():
    if len(sys.argv) != 2 or not sys.argv[1].isdigit():
        sys.exit(__doc__)
    keep = int(sys.argv[1])
    data = sys.stdin.buffer.read()
    out = sys.stdout.buffer
    pos = 0
    while pos < len(data):
        eol = data.index(b"\n", pos)
        meta = data[pos:eol].decode()
        keys = dict(t.split("=", 1) for t in meta.split()[2:] if "=" in t)
        if keys.get("format") != "f32le-esc":
            sys.exit(f"first_rows: not a binary frame: {meta[:60]}")
        rows = int(keys["rows"])
        width = int(keys["dx"]) + int(keys["dy"]) + int(keys.get("dz", 0))
        end = data.index(b"\n", eol + 1)  # a frame holds no newline but its last byte
        payload = unescape(data[eol + 1:end])
        if len(payload) != 4 * rows * width:
            sys.exit(f"first_rows: a frame of {len(payload)} bytes for {rows} rows of {width}")
        pos = end + 1
        k = min(keep, rows)
        meta = re.sub(r" n=\d+", f" n={k}", re.sub(r" rows=\d+", f" rows={k}", meta))
        out.write(meta.encode() + b"\n" + escape(payload[:4 * k * width]) + b"\n")


if __name__ == "__main__":
    main()
