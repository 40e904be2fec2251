# usdt_gen.py N - closes N started generators, for the python:function__entry
# test. CPython 3.11's function__entry fires when a frame is entered through
# the interpreter's entry point, which a call between Python functions no
# longer takes (they are inlined); throwing GeneratorExit into a suspended
# generator (close()) still does, once per close, with lineno = the line
# the generator is suspended at: the `yield` below, YIELD_LINE.
import sys

YIELD_LINE = 12
def gen():
    while True:
        yield

n = int(sys.argv[1])
for _ in range(n):
    g = gen()
    next(g)
    g.close()
print("closed", n)
