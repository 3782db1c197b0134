"""Thread hand-over checks that need Nuke's GUI event loop; run them from the Script Editor:

    exec(open("/path/to/avalon-nuke/tests/live/gui_approval_checks.py").read()); run()

The Script Editor runs on Nuke's main thread, which must stay free for the thread under test,
so ``run()`` returns at once; the PASS/FAIL lines are printed a moment later, from the main
thread, followed by "approval checks done".
"""

import threading
import time

import nuke


def _check(label, condition):
    print(("PASS " if condition else "FAIL ") + label)
    return bool(condition)


def _worker(main_thread):
    results = []
    where = nuke.executeInMainThreadWithResult(lambda: threading.current_thread() is main_thread)
    results.append(("executeInMainThreadWithResult runs the call on Nuke's main thread", where is True))
    value = nuke.executeInMainThreadWithResult(lambda a, b=0: a + b, (2,), {"b": 3})
    results.append(("executeInMainThreadWithResult passes args and kwargs and returns the result to the thread",
                    value == 5))
    failing = nuke.executeInMainThreadWithResult(lambda: 1 / 0)
    results.append(("a call that raises gives None to the thread (traceback in the Script Editor)",
                    failing is None))
    ran = threading.Event()
    began = time.monotonic()
    nuke.executeInMainThread(ran.set)
    returned_at_once = time.monotonic() - began < 0.5
    results.append(("executeInMainThread returns at once and the call runs later on the main thread",
                    returned_at_once and ran.wait(10)))
    node_name = nuke.executeInMainThreadWithResult(lambda: nuke.nodes.NoOp(name="avalon_thread_check").name())
    results.append(("nodes made through the hand-over are real nodes of the open script",
                    node_name == "avalon_thread_check"))

    def report():
        for label, ok in results:
            _check(label, ok)
        node = nuke.toNode("avalon_thread_check")
        if node is not None:
            nuke.delete(node)
        print(f"approval checks done: {sum(not ok for _, ok in results)} failed")

    nuke.executeInMainThread(report)


def run():
    if not nuke.GUI:
        print("FAIL these checks need Nuke's GUI (nuke -t has no event loop to hand work to)")
        return
    threading.Thread(target=_worker, args=(threading.current_thread(),), daemon=True).start()
