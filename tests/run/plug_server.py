#!/usr/bin/env python3
"""A stand-in Tasmota smart plug for the `greentally run --plug` tests.

plug_server.py MODE PORTFILE: serves http://127.0.0.1:<free port>/ and writes
the port to PORTFILE. MODE: ok (Total goes up by 0.25 kWh per request from
1.5), malformed (not JSON), nototal (JSON without ENERGY.Total), slow (never
answers within the client's timeout), status500. Exits after 60 s at most.
"""
import http.server, json, sys, threading, time

mode, portfile = sys.argv[1], sys.argv[2]
count = [0]

class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_GET(self):
        if self.path != "/cm?cmnd=Status%208":
            self.send_response(404); self.end_headers(); return
        if mode == "slow":
            time.sleep(30); return
        if mode == "status500":
            self.send_response(500); self.end_headers(); return
        if mode == "malformed":
            body = b'{"StatusSNS": {"ENERGY": {"Total": 1.5,'
        elif mode == "nototal":
            body = json.dumps({"StatusSNS": {"ENERGY": {"Power": 12}}}).encode()
        else:
            total = 1.5 + 0.25 * count[0]
            count[0] += 1
            body = json.dumps({"StatusSNS": {"Time": "2024-01-01T00:00:00",
                               "ENERGY": {"TotalStartTime": "2023-01-01T00:00:00",
                                          "Total": total, "Yesterday": 0.1, "Today": 0.2,
                                          "Power": 42}}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
srv.daemon_threads = True
with open(portfile + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
import os
os.rename(portfile + ".tmp", portfile)
threading.Timer(60, lambda: os._exit(0)).start()
srv.serve_forever()
