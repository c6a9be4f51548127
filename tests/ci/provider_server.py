#!/usr/bin/env python3
"""A stand-in for the carbon-intensity providers, for tests/ci/providers.sh.

Listens on 127.0.0.1 on a free port (written to PORTFILE), logs one line per
request to LOGFILE, and answers in the shapes the providers document. The
first path segment picks the scenario:
  ok, empty, malformed   200 with a body of that kind
  401, 500, 429          that status, always
  flaky429               429 on the first request of a path, then ok
  slow                   ok after 3 s (the client's --timeout is shorter)
Electricity Maps paths need the header auth-token: secret-token-123 (else 401).
Usage: provider_server.py PORTFILE LOGFILE"""
import http.server
import json
import sys
import time

TOKEN = "secret-token-123"

UK_PERIODS = [
    # the API also returns the period that ends where the range starts
    {"from": "2023-12-31T23:30Z", "to": "2024-01-01T00:00Z",
     "intensity": {"forecast": 99, "actual": 98, "index": "low"}},
    {"from": "2024-01-01T00:00Z", "to": "2024-01-01T00:30Z",
     "intensity": {"forecast": 120, "actual": 110, "index": "moderate"}},
    {"from": "2024-01-01T00:30Z", "to": "2024-01-01T01:00Z",
     "intensity": {"forecast": 130, "actual": None, "index": "moderate"}},
]


def body_for(path, empty):
    if "/regional" in path:
        data = [] if empty else [dict(p, generationmix=[]) for p in UK_PERIODS[1:]]
        return {"data": [{"regionid": 13, "dnoregion": "UKPN London", "shortname": "London",
                          "postcode": "SW1", "data": data}]}
    if "/intensity" in path:
        return {"data": [] if empty else UK_PERIODS}
    if "/carbon-intensity/latest" in path:
        return {"zone": "FR", "carbonIntensity": 41, "datetime": "2024-01-01T00:00:00.000Z",
                "updatedAt": "2024-01-01T00:10:00.000Z", "emissionFactorType": "lifecycle",
                "isEstimated": False, "estimationMethod": None}
    if "/carbon-intensity/" in path:
        pts = [] if empty else [
            {"zone": "FR", "carbonIntensity": 40, "datetime": "2024-01-01T00:00:00.000Z",
             "updatedAt": "2024-01-02T00:00:00.000Z", "emissionFactorType": "lifecycle",
             "isEstimated": False, "estimationMethod": None},
            {"zone": "FR", "carbonIntensity": 50, "datetime": "2024-01-01T01:00:00.000Z",
             "updatedAt": "2024-01-02T00:00:00.000Z", "emissionFactorType": "lifecycle",
             "isEstimated": True, "estimationMethod": "TIME_SLICER_AVERAGE"}]
        key = "history" if "/history" in path else "data"
        return {"zone": "FR", key: pts}
    if "/dataset/CO2Emis" in path:
        recs = [] if empty else [
            {"Minutes5UTC": "2024-01-01T00:00:00", "Minutes5DK": "2024-01-01T01:00:00",
             "PriceArea": "DK1", "CO2Emission": 100.0},
            {"Minutes5UTC": "2024-01-01T00:00:00", "Minutes5DK": "2024-01-01T01:00:00",
             "PriceArea": "DK2", "CO2Emission": 60.0},
            {"Minutes5UTC": "2024-01-01T00:05:00", "Minutes5DK": "2024-01-01T01:05:00",
             "PriceArea": "DK1", "CO2Emission": 110.0}]
        return {"total": len(recs), "filters": "{\"PriceArea\":[\"DK1\"]}", "dataset": "CO2Emis",
                "records": recs}
    return None


class Handler(http.server.BaseHTTPRequestHandler):
    seen = set()

    def log_message(self, fmt, *args):
        pass

    def send(self, status, body):
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        scenario, _, rest = self.path.lstrip("/").partition("/")
        rest = "/" + rest
        token = self.headers.get("auth-token")
        with open(LOG, "a") as f:
            f.write("%s %s token=%s\n" % (scenario, rest, "yes" if token == TOKEN else
                                           ("wrong" if token else "none")))
        if "/carbon-intensity/" in rest and token != TOKEN:
            return self.send(401, {"message": "Unauthorized"})
        if scenario in ("401", "500", "429"):
            return self.send(int(scenario), {"message": "scenario " + scenario})
        if scenario == "flaky429" and rest not in Handler.seen:
            Handler.seen.add(rest)
            return self.send(429, {"message": "slow down"})
        if scenario == "slow":
            time.sleep(3)
        if scenario == "malformed":
            return self.send(200, '{"data": [ {"from": ')
        body = body_for(rest, scenario == "empty")
        if body is None:
            return self.send(404, {"message": "no such path"})
        self.send(200, body)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


if __name__ == "__main__":
    LOG = sys.argv[2]
    srv = Server(("127.0.0.1", 0), Handler)
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    import os
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    srv.serve_forever()
