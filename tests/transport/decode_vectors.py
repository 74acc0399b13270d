#!/usr/bin/python3
"""The golden msgpack vectors (transport/vectors/, WIRE-PROTOCOL.md §9) as a
Python consumer reads them: Debian's python3-msgpack with the decode limits of
§8 and string map keys only. Each NAME.hex must decode to NAME.json exactly,
kind for kind (an int is not a float, a bool not an int), and, where
python3-jsonschema is installed, each NAME.json must satisfy the schema.
The C++ side of the same check is CodecVectors in tests/unit/transport/codec_test.cc.

  decode_vectors.py VECTOR_DIR SCHEMA_FILE

Exit 0 when every vector passes, 1 otherwise (each failure is printed).
"""
import json
import pathlib
import re
import sys

import msgpack

# WIRE-PROTOCOL.md §8 (msgpack-python has no depth limit).
LIMITS = dict(max_array_len=4096, max_map_len=256, max_str_len=65536, max_bin_len=65536, max_ext_len=0)
HEX_LINE = re.compile(r"^(?:[0-9a-f]{2})+\n$")


def mismatch(got, want, path="$"):
    """First difference between two decoded values, or None. Strict on kinds:
    Python's == would take True for 1 and 1 for 1.0."""
    if type(got) is not type(want):
        return f"{path}: {type(got).__name__} {got!r} where the .json has {type(want).__name__} {want!r}"
    if isinstance(want, dict):
        if got.keys() != want.keys():
            return f"{path}: keys {sorted(got)} where the .json has {sorted(want)}"
        for k in want:
            m = mismatch(got[k], want[k], f"{path}.{k}")
            if m:
                return m
        return None
    if isinstance(want, list):
        if len(got) != len(want):
            return f"{path}: {len(got)} items where the .json has {len(want)}"
        for i, (g, w) in enumerate(zip(got, want)):
            m = mismatch(g, w, f"{path}[{i}]")
            if m:
                return m
        return None
    if got != want:
        return f"{path}: {got!r} where the .json has {want!r}"
    return None


def schema_validator(schema_path):
    """A draft 2020-12 validator, or None (with the reason) without python3-jsonschema."""
    try:
        import jsonschema
    except ImportError:
        return None, "python3-jsonschema is not installed"
    if not hasattr(jsonschema, "Draft202012Validator"):
        return None, f"jsonschema {getattr(jsonschema, '__version__', '?')} has no draft 2020-12"
    schema = json.loads(pathlib.Path(schema_path).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema), None


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    vector_dir = pathlib.Path(argv[1])
    validator, why_not = schema_validator(argv[2])
    names = sorted({p.stem for p in vector_dir.glob("*.hex")} | {p.stem for p in vector_dir.glob("*.json")})
    failures = []
    for name in names:
        hex_path, json_path = vector_dir / f"{name}.hex", vector_dir / f"{name}.json"
        if not hex_path.exists() or not json_path.exists():
            failures.append(f"{name}: needs both {name}.hex and {name}.json")
            continue
        text = hex_path.read_text(encoding="ascii")
        if not HEX_LINE.match(text):
            failures.append(f"{name}.hex: not one line of lowercase hex")
            continue
        want = json.loads(json_path.read_text(encoding="utf-8"))
        try:
            got = msgpack.unpackb(bytes.fromhex(text.strip()), raw=False, strict_map_key=True, **LIMITS)
        except Exception as e:  # any decode error is a failed vector
            failures.append(f"{name}.hex: does not decode: {type(e).__name__}: {e}")
            continue
        m = mismatch(got, want)
        if m:
            failures.append(f"{name}: {m}")
        if validator is not None:
            import jsonschema.exceptions
            # The root is a oneOf (event, request, reply, record): name the most relevant error.
            err = jsonschema.exceptions.best_match(validator.iter_errors(want))
            if err is not None:
                where = "/".join(str(p) for p in err.absolute_path) or "(root)"
                failures.append(f"{name}.json: schema: {where}: {err.message[:300]}")
    if not names:
        failures.append(f"no vectors in {vector_dir}")
    for f in failures:
        print("FAIL", f)
    print(f"{len(names)} vectors, {len(failures)} failures; schema: "
          + ("checked" if validator is not None else f"skipped ({why_not})"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
