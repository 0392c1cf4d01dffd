function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
        }
        previous = current;
    }
    return previous[b.length];
}

/**
 * The candidate closest to `name`, if it is close enough to be a plausible typo: a case-only
 * difference always is; otherwise at most a third of the name's length (at least 1, at most 3 edits).
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
    const lower = name.toLowerCase();
    const sameLetters = candidates.find((c) => c.toLowerCase() === lower);
    if (sameLetters !== undefined) return sameLetters;
    const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
        const d = editDistance(lower, candidate.toLowerCase());
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return bestDistance <= limit ? best : undefined;
}
