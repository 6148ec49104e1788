"""pytest plugin that holds ceph/s3-tests to Edge Storage's scope.

excluded.txt deselects what is out of scope (each line a reason); known-failing.txt names in-scope tests
that do not pass yet: they run as strict xfails, so one that starts passing fails the run until its line
is removed. In a full run (no -k, no test names) a line that matches nothing is an error too, so both
lists only ever shrink with the code. summary.json gets the counts per file for docs/conformance.md.
"""
import fnmatch
import json
import os
from collections import Counter, defaultdict

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))


def read_list(name):
    """Lines 'pattern  # reason'; a line without a reason is refused."""
    entries = []
    with open(os.path.join(HERE, name)) as f:
        for number, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith('#'):
                continue
            pattern, sep, reason = line.partition('#')
            if not sep or not reason.strip():
                raise pytest.UsageError(f"{name}:{number}: '{line}' has no '# reason'")
            entries.append((pattern.strip(), reason.strip(), f"{name}:{number}"))
    return entries


def pytest_addoption(parser):
    parser.addoption('--edge-summary', help='write the per-file counts here (JSON)')
    parser.addoption('--edge-full-run', action='store_true',
                     help='every line of excluded.txt and known-failing.txt must match a test')


class Scope:
    def __init__(self, config):
        self.config = config
        self.excluded = read_list('excluded.txt')
        self.known_failing = read_list('known-failing.txt')
        self.counts = defaultdict(Counter)

    @staticmethod
    def file_of(item):
        return os.path.basename(item.location[0])

    def exclusions(self, item):
        """Every line of excluded.txt that matches the test (all count as used)."""
        return [where for pattern, reason, where in self.excluded
                if (item.get_closest_marker(pattern[len('marker:'):]) if pattern.startswith('marker:')
                    else fnmatch.fnmatchcase(item.name, pattern))]

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config, items):
        used = set()
        kept, dropped = [], []
        known = {pattern: (reason, where) for pattern, reason, where in self.known_failing}
        for item in items:
            self.counts[self.file_of(item)]['collected'] += 1
            matches = self.exclusions(item)
            if matches:
                used.update(matches)
                dropped.append(item)
                self.counts[self.file_of(item)]['excluded'] += 1
                continue
            kept.append(item)
            if item.name in known:
                reason, known_where = known[item.name]
                used.add(known_where)
                item.add_marker(pytest.mark.xfail(strict=True, reason=reason))
        if config.getoption('edge_full_run'):
            unused = [f"{where}: {pattern}" for pattern, _, where in self.excluded + self.known_failing
                      if where not in used]
            if unused:
                raise pytest.UsageError('lines that match no test (remove them):\n  ' + '\n  '.join(unused))
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept

    def pytest_runtest_logreport(self, report):
        counts = self.counts[os.path.basename(report.location[0])]
        if report.when == 'call' or (report.when == 'setup' and report.outcome != 'passed'):
            if hasattr(report, 'wasxfail'):
                counts['known-failing' if report.skipped else 'known-failing passed'] += 1
            else:
                counts[report.outcome] += 1
        elif report.when == 'teardown' and report.outcome == 'failed':
            counts['teardown errors'] += 1

    def pytest_sessionfinish(self, session):
        path = self.config.getoption('edge_summary')
        if not path:
            return
        summary = {}
        for name, c in sorted(self.counts.items()):
            in_scope = c['collected'] - c['excluded']
            summary[name] = {'collected': c['collected'], 'excluded': c['excluded'], 'in scope': in_scope,
                             'passed': c['passed'], 'failed': c['failed'], 'skipped': c['skipped'],
                             'known-failing': c['known-failing'], 'teardown errors': c['teardown errors']}
        with open(path, 'w') as f:
            json.dump(summary, f, indent=2)


def pytest_configure(config):
    config.pluginmanager.register(Scope(config), 'edge-scope')
