#!/usr/bin/env python3
# How far `digits draw --number` lags behind the pen: draws a 1.3-second scribble of six touching
# loops (400 SGR mouse reports at 80×24, in tmux) and times how long after the last report the
# screen holds its final reading. Usage: Scripts/pad-lag.py path/to/digits
import math, subprocess, sys, time
binary = sys.argv[1]; name = 'padlag'
def tm(*a): return subprocess.run(['tmux', '-L', name] + list(a), capture_output=True, text=True).stdout
tm('kill-server'); time.sleep(0.2)
tm('new-session', '-d', '-x', '80', '-y', '24', '-s', 's', f'TERM=xterm-256color {binary} draw --number; sleep 30')
time.sleep(1.5)
def sgr(code, line, col, release=False): return f"\x1b[<{code};{col};{line}{'m' if release else 'M'}"
# Canvas pixel (x, y) is at line 2 + y/2, column 1 + x (compact half-block cells).
reports = [sgr(0, 2 + 5 // 2, 1 + 6)]
points = []
for i in range(400):
    t = i / 400
    x = 6 + 66 * t + 6 * math.cos(2 * math.pi * 5 * t)
    y = 14 + 9 * math.sin(2 * math.pi * 5 * t)
    points.append((int(x), int(y)))
for x, y in points: reports.append(sgr(32, 2 + y // 2, 1 + x))
reports.append(sgr(0, 2 + points[-1][1] // 2, 1 + points[-1][0], release=True))
start = time.time()
for chunk in range(0, len(reports), 4):   # a pen's pace: 4 reports every 10 ms
    tm('send-keys', '-t', 's', '-l', ''.join(reports[chunk:chunk + 4])); time.sleep(0.01)
sent = time.time()
last = tm('capture-pane', '-p', '-t', 's'); stable_since = time.time()
while time.time() - sent < 60:
    time.sleep(0.05)
    screen = tm('capture-pane', '-p', '-t', 's')
    if screen != last: last, stable_since = screen, time.time()
    elif time.time() - stable_since > 1.0 and 'drew a stroke' in screen: break
print(f"{binary}: sending took {sent - start:.2f} s; screen final {stable_since - sent:.2f} s after the last report")
print('\n'.join(l for l in last.splitlines() if l.strip())[:1500])
tm('kill-server')
