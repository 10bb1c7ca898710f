"""A livekit-agents agent that publishes a 440 Hz tone and a solid colour with lkfast, and reads
every track it subscribes to as numpy arrays (float32 audio with levels, BGR24 video).

    pip install 'lkfast[agents]'     # livekit-agents pins its own livekit: use its own venv
    export LIVEKIT_URL=wss://... LIVEKIT_API_KEY=... LIVEKIT_API_SECRET=...
    python examples/agent.py dev     # then join the room from the playground or a client

The flow of LiveKit's docs (an ``entrypoint(ctx: JobContext)`` that connects with
``auto_subscribe``), with the lkfast parts in ``tone_and_colour.py`` (shared with
``rtc_bot.py``, which does the same with ``livekit.rtc`` alone).
"""

from __future__ import annotations

from livekit.agents import AutoSubscribe, JobContext, WorkerOptions, cli

from tone_and_colour import ToneAndColour, make_sources, publish_tracks, watch_remote_tracks


async def entrypoint(ctx: JobContext) -> None:
    watchers = watch_remote_tracks(ctx.room)  # before connecting: no subscription is missed
    await ctx.connect(auto_subscribe=AutoSubscribe.SUBSCRIBE_ALL)
    audio, video = make_sources()
    await publish_tracks(ctx.room.local_participant, audio, video)
    media = ToneAndColour(audio, video)

    async def stop() -> None:
        await media.aclose()
        for task in list(watchers):
            task.cancel()

    ctx.add_shutdown_callback(stop)  # the job runs until the room empties or is shut down


if __name__ == "__main__":
    cli.run_app(WorkerOptions(entrypoint_fnc=entrypoint))
