# analyze_export_render_zoom.py IN.svg OUT.svg - a copy of a flame graph
# whose onload zooms into "middle" (tests/analyze_export_render.sh).
import sys
s = open(sys.argv[1]).read()
pick = ("[].filter.call(document.getElementsByTagName('g'), function (g) {"
        " return g.children.length == 3 &amp;&amp;"
        " g.children[0].textContent.indexOf('middle (') == 0; })[0]")
assert s.count('onload="init()"') == 1
open(sys.argv[2], "w").write(s.replace('onload="init()"',
                                       'onload="init(); zoom(%s)"' % pick))
