"""The timing rules of bench/train/windows.ts, for the PyTorch side (a unit test runs both on the
same batch ends and compares). Warm-up, then windows of at least `windowSeconds` and
`minWindowBatches`; the stretch across an epoch end is left out."""


def _empty():
    return {'batches': 0, 'samples': 0, 'seconds': 0}


class Meter:
    def __init__(self, settings):
        self.s = settings
        self.windows = []
        self.first = self.last = None
        self.warm = False
        self.open = _empty()

    def add(self, epoch, done, samples, t):
        """A batch end. True once every window is timed."""
        if self.complete():
            return True
        p = {'epoch': epoch, 'done': done, 'samples': samples, 't': t}
        previous = self.last
        if self.first is None:
            self.first = p
        self.last = p
        s = self.s
        if not self.warm:
            self.warm = p['done'] >= s['warmupBatches'] and p['t'] - self.first['t'] >= s['warmupSeconds']
            return False
        if previous is None or previous['epoch'] != p['epoch']:
            return False
        w = self.open
        w['batches'] += p['done'] - previous['done']
        w['samples'] += p['samples'] - previous['samples']
        w['seconds'] += p['t'] - previous['t']
        if w['seconds'] >= s['windowSeconds'] and w['batches'] >= s['minWindowBatches']:
            self.windows.append(w)
            self.open = _empty()
        return self.complete()

    def complete(self):
        return len(self.windows) >= self.s['windows']

    def finish(self):
        """As WindowMeter.finish: the windows, else the unfinished one, else the warm-up stretch."""
        if self.complete():
            return {'windows': self.windows, 'partial': False, 'warmupOnly': False}
        if self.windows:
            return {'windows': self.windows, 'partial': True, 'warmupOnly': False}
        if self.open['batches'] > 0:
            return {'windows': [dict(self.open)], 'partial': True, 'warmupOnly': False}
        first, last = self.first, self.last
        if first and last['done'] > first['done']:
            return {'windows': [{'batches': last['done'] - first['done'], 'samples': last['samples'] - first['samples'],
                                 'seconds': last['t'] - first['t']}], 'partial': True, 'warmupOnly': True}
        return {'windows': [], 'partial': True, 'warmupOnly': True}
