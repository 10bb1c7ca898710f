"""The ``lkfast`` command line (also ``python -m lkfast``)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence


def cmd_info(args: argparse.Namespace) -> int:
    """Print versions, loaded compiled modules and how they were built."""
    import importlib
    from importlib.metadata import PackageNotFoundError, version

    import lkfast

    def dist_version(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    from lkfast import _variants
    from lkfast._buildinfo import build_info, cpu_features

    info = build_info()
    print(f"lkfast   {lkfast.__version__}")
    print(f"livekit  {dist_version('livekit')}")
    print(f"numpy    {dist_version('numpy')}")
    print(f"python   {sys.version.split()[0]} ({sys.platform})")
    print(f"compiler {info['compiler']}")
    print(f"cflags   {info['cflags'] or '(default)'}")
    print(f"isa      {' '.join(info['isa']) or '(baseline)'}")
    print(f"cpu      {' '.join(cpu_features()) or '(no x86 features)'}")
    usable = set(_variants.supported())
    names = compiled_module_names()
    bases = []
    print("compiled modules:")
    for name in names:
        base, _, suffix = name.rpartition("_")
        if suffix in _variants.VARIANTS:
            bases.append(base)
            if suffix not in usable:  # importing it could execute instructions this CPU lacks
                needs = "+".join(_variants.VARIANTS[suffix])
                print(f"  lkfast.{name:<12} not loaded (the CPU lacks {needs})")
                continue
        module = importlib.import_module(f"lkfast.{name}")
        print(f"  lkfast.{name:<12} {module.__file__}")
    for base in sorted(set(bases)):
        module = _variants.load(f"lkfast.{base}")
        variant = _variants.active()[f"lkfast.{base}"]
        print(f"kernels  lkfast.{base}: {variant} build ({module.__name__})")
    return 0


def compiled_module_names() -> list[str]:
    """Names of the compiled extension modules shipped in this installation."""
    import importlib.machinery
    import os

    import lkfast

    here = os.path.dirname(lkfast.__file__)
    names = set()
    for entry in os.listdir(here):
        for suffix in sorted(importlib.machinery.EXTENSION_SUFFIXES, key=len, reverse=True):
            if entry.endswith(suffix):
                names.add(entry[: -len(suffix)])
                break
    return sorted(names)


def cmd_tone(args: argparse.Namespace) -> int:
    """Publish a tone through the real LiveKit stack in loopback and check what arrives."""
    import numpy as np

    from lkfast import SineGenerator
    from lkfast.loopback import audio_loopback, find_offset, zero_crossing_frequency

    rate = args.sample_rate
    gen = SineGenerator(rate, 1, args.frequency, args.amplitude)
    frames = int(round(args.seconds * 100))

    async def produce(source) -> None:  # type: ignore[no-untyped-def]
        for _ in range(frames):
            await source.capture_frame(gen.next_frame())

    received = asyncio.run(audio_loopback(produce, rate, 1))[:, 0]
    sent = np.empty(frames * (rate // 100), dtype=np.int16)
    SineGenerator(rate, 1, args.frequency, args.amplitude).fill(sent)
    start = find_offset(received, sent)
    got = received[start : start + len(sent)] if start >= 0 else received[:0]
    exact = start >= 0 and np.array_equal(got, sent)
    freq = zero_crossing_frequency(got, rate) if len(got) else 0.0
    peak = int(np.abs(got).max()) if len(got) else 0
    print(f"sent      {len(sent)} samples, {args.frequency} Hz at {rate} Hz, "
          f"amplitude {args.amplitude} ({round(args.amplitude * 32767)} peak)")
    print(f"received  {len(received)} samples; tone starts at sample {start}")
    print(f"measured  {freq:.3f} Hz, peak {peak}, sample-exact: {'yes' if exact else 'NO'}")
    return 0 if exact and abs(freq - args.frequency) < 0.01 * args.frequency else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lkfast", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("info", help="versions, compiled modules and build flags")
    p.set_defaults(func=cmd_info)
    p = sub.add_parser("tone", help="a tone through LiveKit in loopback, checked on arrival")
    p.add_argument("--seconds", type=float, default=1.0)
    p.add_argument("--frequency", type=float, default=440.0, help="Hz")
    p.add_argument("--amplitude", type=float, default=0.5, help="fraction of full scale")
    p.add_argument("--sample-rate", type=int, default=48000, help="Hz")
    p.set_defaults(func=cmd_tone)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))
