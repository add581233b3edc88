#!/usr/bin/python3
"""A real RTSP server for the ingest tests: serves one MP4 (H.264) file at rtsp://127.0.0.1:PORT/MOUNT.

Built on GStreamer's RTSP server from Debian (gir1.2-gst-rtsp-server-1.0). The media is shared
between clients and offered over TCP only (or UDP only, to test that transport). Prints "READY"
once it listens, so the test that started it knows when to connect.

usage: rtsp_server.py FILE PORT MOUNT [tcp|udp]   (the transport offered; tcp by default)
"""
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402


def main():
    path, port, mount = sys.argv[1], sys.argv[2], sys.argv[3]
    transport = sys.argv[4] if len(sys.argv) > 4 else "tcp"
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(port)
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(
        "( filesrc location=%s ! qtdemux ! h264parse ! rtph264pay name=pay0 pt=96 config-interval=-1 )"
        % path
    )
    factory.set_shared(True)
    factory.set_protocols(
        GstRtsp.RTSPLowerTrans.UDP if transport == "udp" else GstRtsp.RTSPLowerTrans.TCP
    )
    server.get_mount_points().add_factory("/" + mount.lstrip("/"), factory)
    if server.attach(None) == 0:
        print("cannot listen on 127.0.0.1:%s" % port, flush=True)
        sys.exit(1)
    print("READY", flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
