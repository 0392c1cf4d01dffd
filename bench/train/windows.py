"""The timing rules of bench/train/windows.ts, for the PyTorch side (a unit test runs both on the
same batch ends and compares). Warm-up, then windows of at least `windowSeconds` and
`minWindowBatches` that never span an epoch boundary."""


def _between(a, b):
    return {'batches': b['done'] - a['done'], 'samples': b['samples'] - a['samples'], 'seconds': b['t'] - a['t']}


class Meter:
    def __init__(self, settings):
        self.s = settings
        self.windows = []
        self.first = self.start = self.last = None

    def add(self, epoch, done, samples, t):
        """A batch end. True once every window is timed."""
        if self.complete():
            return True
        p = {'epoch': epoch, 'done': done, 'samples': samples, 't': t}
        s = self.s
        if self.first is None:
            self.first = p
        self.last = p
        if self.start is None:
            if p['done'] >= s['warmupBatches'] and p['t'] - self.first['t'] >= s['warmupSeconds']:
                self.start = p
            return False
        if p['epoch'] != self.start['epoch']:
            self.start = p
            return False
        w = _between(self.start, p)
        if w['seconds'] >= s['windowSeconds'] and w['batches'] >= s['minWindowBatches']:
            self.windows.append(w)
            self.start = p
        return self.complete()

    def complete(self):
        return len(self.windows) >= self.s['windows']

    def finish(self):
        """As WindowMeter.finish: the windows, else the unfinished one, else the warm-up stretch."""
        if self.complete():
            return {'windows': self.windows, 'partial': False, 'warmupOnly': False}
        if self.windows:
            return {'windows': self.windows, 'partial': True, 'warmupOnly': False}
        last = self.last
        if self.start and last['epoch'] == self.start['epoch'] and last['done'] > self.start['done']:
            return {'windows': [_between(self.start, last)], 'partial': True, 'warmupOnly': False}
        if self.first and last['done'] > self.first['done']:
            return {'windows': [_between(self.first, last)], 'partial': True, 'warmupOnly': True}
        return {'windows': [], 'partial': True, 'warmupOnly': True}
