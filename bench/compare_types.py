#!/usr/bin/env python3
"""Compare the resource and data source types of two synthesized cdk.tf.json files.

Usage: compare_types.py LEFT.json RIGHT.json [--labels LEFT_NAME RIGHT_NAME]

Prints one line per type with the count on each side and exits 1 when any count differs,
so bench/run.sh only reports a speed ratio for stacks that hold the same infrastructure.
Also prints the total of resources, which run.sh records.
"""
import json
import sys
from collections import Counter


def type_counts(path):
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    counts = Counter()
    for section, prefix in (("resource", ""), ("data", "data.")):
        for type_name, entries in document.get(section, {}).items():
            counts[prefix + type_name] += len(entries)
    return counts


def main(argv):
    if len(argv) not in (3, 6) or (len(argv) == 6 and argv[3] != "--labels"):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    left_name, right_name = (argv[4], argv[5]) if len(argv) == 6 else ("left", "right")
    left, right = type_counts(argv[1]), type_counts(argv[2])
    width = max([len(t) for t in left | right] + [4])
    print(f"  {'type':<{width}}  {left_name:>8}  {right_name:>8}")
    differ = False
    for type_name in sorted(left | right):
        mark = "" if left[type_name] == right[type_name] else "  <-- differs"
        differ = differ or bool(mark)
        print(f"  {type_name:<{width}}  {left[type_name]:>8}  {right[type_name]:>8}{mark}")
    print(f"  {'total':<{width}}  {sum(left.values()):>8}  {sum(right.values()):>8}")
    if differ:
        print(f"compare_types: {argv[1]} and {argv[2]} differ in resource types or counts; "
              "the comparison is not like for like, fix bench/cdktf/main.js or bench/scale.cc",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
