"""The ``lkfast`` command line (also ``python -m lkfast``)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from typing import TextIO


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

    from lkfast._core import variants as _variants
    from lkfast._core._buildinfo import build_info, cpu_features

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
                print(f"  {name:<28} not loaded (the CPU lacks {needs})")
                continue
        module = importlib.import_module(name)
        print(f"  {name:<28} {module.__file__}")
    for base in sorted(set(bases)):
        module = _variants.load(base)
        variant = _variants.active()[base]
        print(f"kernels  {base}: {variant} build ({module.__name__})")
    from lkfast.video.args import AUTO_THREADS_MIN_PIXELS, default_threads

    pool = "native pool" if _variants.load("lkfast.video._pixels").NATIVE_POOL else "Python threads"
    sizes = ", ".join(f"{kind} from {pixels} px" for kind, pixels in
                      AUTO_THREADS_MIN_PIXELS.items())
    try:
        count = str(default_threads())
    except ValueError as exc:  # a bad LKFAST_NUM_THREADS: say so, as convert() would
        count = f"? ({exc})"
    print(f"threads  {count} by default, on the {pool} ({sizes})")
    return 0


def compiled_module_names() -> list[str]:
    """Dotted names of the compiled extension modules shipped in this installation."""
    import importlib.machinery
    import os

    import lkfast

    top = os.path.dirname(os.path.dirname(lkfast.__file__))
    suffixes = sorted(importlib.machinery.EXTENSION_SUFFIXES, key=len, reverse=True)
    names = set()
    for folder, _, entries in os.walk(os.path.dirname(lkfast.__file__)):
        package = os.path.relpath(folder, top).replace(os.sep, ".")
        for entry in entries:
            for suffix in suffixes:
                if entry.endswith(suffix):
                    names.add(f"{package}.{entry[: -len(suffix)]}")
                    break
    return sorted(names)


def cmd_tone(args: argparse.Namespace) -> int:
    """Publish a tone through the real LiveKit stack in loopback and check what arrives."""
    import numpy as np

    from lkfast import SineGenerator
    from lkfast.audio.loopback import audio_loopback, find_offset, zero_crossing_frequency

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


def _micro_sign(stream: TextIO) -> str:
    """"µs", or "us" where the stream cannot encode the micro sign."""
    try:
        "µs".encode(getattr(stream, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return "us"
    return "µs"


def cmd_bench(args: argparse.Namespace) -> int:
    """Time every registered benchmark case and print one comparison table."""
    import json
    import time

    from lkfast.bench import FAMILIES, all_cases
    from lkfast.bench._machine import build_info, machine_info, versions
    from lkfast.bench._plot import MISSING, plot_speedups
    from lkfast.bench._progress import ProgressBar
    from lkfast.bench._report import LEGEND, analyse, format_table, report_document
    from lkfast.bench._runner import run_cases
    from lkfast.bench._timer import FULL, QUICK

    families = list(dict.fromkeys(args.only or FAMILIES))
    # scale and soak are not made of timed cases (bench/scale.py, bench/soak.py): a --quick run
    # without --only skips scale; soak runs only when asked for (--only soak)
    scale = "scale" in families and not (args.quick and not args.only)
    soak = "soak" in families and bool(args.only)
    families = [name for name in families if (name != "scale" or scale)
                and (name != "soak" or soak)]
    cases = [case for name in families for case in all_cases(name)]
    if args.quick:
        cases = [case for case in cases if case.quick]
    if args.list:
        for case in cases:
            print(f"{case.family:<8} {case.id}{'  (isolated)' if case.isolate else ''}")
        if scale:
            print(f"scale    {', '.join(map(str, args.streams))} streams (lkfast bench --only "
                  f"scale --streams N[,N...])")
        if soak:
            print(f"soak     {args.soak_frames} frames per part (--soak-frames N)")
        return 0
    if not cases and not scale and not soak:
        print("lkfast bench: no benchmark case selected", file=sys.stderr)
        return 1
    if not cases:
        return _scale_and_soak(args, scale, soak, args.json, args.plot)
    mode = "quick" if args.quick else "full"
    config = QUICK if args.quick else FULL
    bar = ProgressBar(len(cases), sys.stderr, enabled=args.progress and sys.stderr.isatty())
    started = time.perf_counter()
    try:
        results = run_cases(cases, config, on_start=bar.start, on_done=bar.advance)
    finally:
        bar.close()
    elapsed = time.perf_counter() - started
    rows = analyse(results)
    machine, found, build = machine_info(), versions(), build_info()
    print(f"lkfast bench ({mode}, {', '.join(families)}): {len(cases)} cases in {elapsed:.1f} s "
          f"on {machine['cpu']} ({machine['usable_cores']} cores), Python {machine['python']}")
    peers = ", ".join(f"{name} {v}" for name, v in found.items() if v and name != "matplotlib")
    variants = ", ".join(f"{name.split('.')[-1]} {variant}"
                         for name, variant in build.get("variants", {}).items())
    print(f"{peers}; kernels built by {build['compiler']} {build['cflags'] or ''} "
          f"({' '.join(build['isa']) or 'baseline'}{'; ' + variants if variants else ''})")
    print(LEGEND)
    print()
    print(format_table(rows, micro=_micro_sign(sys.stdout)))
    if args.json:
        document = report_document(rows, mode=mode, families=families, config=config,
                                   elapsed_s=elapsed, machine=machine, versions=found, build=build)
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(document, f, indent=2)
            f.write("\n")
    if args.plot:
        try:
            plot_speedups(rows, args.plot, title=f"lkfast bench ({mode}) on {machine['cpu']}")
        except ImportError as exc:
            print(f"{MISSING} ({exc})", file=sys.stderr)
    if scale or soak:
        from lkfast.bench.scale import sibling_path

        print()
        return _scale_and_soak(args, scale, soak, sibling_path(args.json),
                               sibling_path(args.plot))
    return 0


def _scale_and_soak(args: argparse.Namespace, scale: bool, soak: bool, json_path: str | None,
                    plot_path: str | None) -> int:
    """The scale and soak families (bench/scale.py, bench/soak.py); 1 if a soak part fails."""
    code = 0
    if scale:
        from lkfast.bench.scale import run_cli

        code |= run_cli(args.streams, args.scale_livekit, json_path, plot_path, sys.stdout)
    if soak:
        from lkfast.bench.scale import sibling_path
        from lkfast.bench.soak import run_cli as soak_cli

        if scale:
            print()
        code |= soak_cli(args.soak_frames, sys.stdout,
                         sibling_path(json_path, "-soak") if scale else json_path)
    return code


def cmd_demo(args: argparse.Namespace) -> int:
    """Loopback demo (checked on arrival), or publishing in a room when given one."""
    from lkfast.demo import DemoConfig, DemoUsageError, resolve_room_target, run_loopback, run_room

    try:
        target = resolve_room_target(url=args.url, token=args.token, api_key=args.api_key,
                                     api_secret=args.api_secret, room=args.room,
                                     identity=args.identity, loopback=args.loopback)
    except DemoUsageError as exc:
        print(f"lkfast demo: error: {exc}", file=sys.stderr)
        return 2
    config = DemoConfig()
    if target is None:
        return run_loopback(config, args.seconds if args.seconds is not None else 3.0)
    return run_room(config, target, args.seconds)


def _seconds(text: str) -> float:
    value = float(text)
    if not 0 < value <= 86400:
        raise argparse.ArgumentTypeError(f"must be between 0 and 86400 s, got {text}")
    return value


def _stream_counts(text: str) -> list[int]:
    try:
        counts = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be stream counts like 100 or 1,10,100, "
                                         f"got {text!r}") from None
    if not counts or any(not 1 <= n <= 2000 for n in counts):
        raise argparse.ArgumentTypeError(f"stream counts must be 1 to 2000, got {text!r}")
    return counts


def _frame_count(text: str) -> int:
    value = int(text)
    if not 10 <= value <= 100_000_000:
        raise argparse.ArgumentTypeError(f"must be 10 to 100000000 frames, got {text}")
    return value


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
    p = sub.add_parser(
        "demo", help="a tone and a colour-cycling video through LiveKit, checked on arrival",
        description="Without a server: publishes a 440 Hz tone and a colour-cycling 640x480 "
        "10 fps video with lkfast into LiveKit sources, reads them back through AudioStream and "
        "VideoStream (LiveKit's native stack in loopback), prints what arrived and checks it "
        "against what was sent. With --url and --token, or LIVEKIT_URL with LIVEKIT_API_KEY and "
        "LIVEKIT_API_SECRET (a token is minted with livekit-api: pip install 'lkfast[room]'), "
        "joins that room and publishes the same tracks until interrupted, printing the "
        "publishers' figures once per second.",
        epilog="Exit status: 0 when everything arrived as sent (loopback) or the room session "
        "ended normally; 1 on a mismatch or when the room cannot be joined; 2 on a usage error.")
    p.add_argument("--seconds", type=_seconds, metavar="S",
                   help="how long to publish (loopback: 3; room: until interrupted)")
    p.add_argument("--url", help="LiveKit server URL, wss://... (default: $LIVEKIT_URL)")
    p.add_argument("--token", help="access token for the room")
    p.add_argument("--api-key", help="API key to mint a token (default: $LIVEKIT_API_KEY)")
    p.add_argument("--api-secret",
                   help="API secret to mint a token (default: $LIVEKIT_API_SECRET)")
    p.add_argument("--room", default="lkfast-demo", help="room to join with a minted token")
    p.add_argument("--identity", default="lkfast-demo", help="identity in a minted token")
    p.add_argument("--loopback", action="store_true",
                   help="run without a server even when LIVEKIT_URL is set")
    p.set_defaults(func=cmd_demo)
    from lkfast.bench import FAMILIES

    p = sub.add_parser(
        "bench", help="time pure Python, numpy, lkfast and the limits; one comparison table",
        description="Times every registered benchmark case (the same ones as benchmarks/) and "
        "prints one table grouped by operation: time per call, throughput, speed-ups and the "
        "fraction of memcpy/memset bandwidth. Cases that raise or abort are reported as such.",
        epilog="Exit status: 0 when the run completes (including cases reported as raising or "
        "aborting, and --plot without matplotlib, which prints a message and writes no chart); "
        "1 when no case is selected; 2 on a usage error such as an unknown --only family.")
    p.add_argument("--quick", action="store_true", help="the quick cases, briefly (under 30 s)")
    p.add_argument("--only", action="append", choices=list(FAMILIES), metavar="FAMILY",
                   help=f"run only this family (repeatable): {', '.join(FAMILIES)}")
    p.add_argument("--json", metavar="PATH", help="write machine, versions and every figure")
    p.add_argument("--plot", metavar="PATH", help="write a bar chart of speed-ups (matplotlib)")
    p.add_argument("--list", action="store_true", help="list the selected cases; time nothing")
    p.add_argument("--streams", type=_stream_counts, default=[100], metavar="N[,N...]",
                   help="scale family: tone streams published at once, one run per count "
                   "(default 100; e.g. 1,10,100,300)")
    p.add_argument("--soak-frames", type=_frame_count, default=100_000, metavar="N",
                   help="soak family: frames through each part (default 100000)")
    p.add_argument("--scale-livekit", action="store_true",
                   help="scale family: also run LiveKit's capture_frame loop without lkfast")
    p.add_argument("--no-progress", dest="progress", action="store_false",
                   help="no progress bar on stderr (it is shown only on a terminal anyway)")
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))
