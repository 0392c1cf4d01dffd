/** "Did you mean …" suggestions by edit distance. */

/** Levenshtein distance, with an early exit once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    // Damerau's variant: swapping two neighbouring letters (smae → same) is one edit, as people type.
    let beforePrevious: number[] = [];
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        let rowMin = i;
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                current[j] = Math.min(current[j], beforePrevious[j - 2] + 1);
            }
            rowMin = Math.min(rowMin, current[j]);
        }
        if (rowMin > limit) return limit + 1;
        beforePrevious = previous;
        previous = current;
    }
    return previous[b.length];
}

/** The closest candidate, if it is close enough to be what was meant. Case differences cost nothing extra. */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
    const lower = word.toLowerCase();
    const normalised = (s: string) => s.toLowerCase().replace(/_/g, '');
    let best: string | undefined;
    let bestScore = Infinity;
    const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
    for (const candidate of candidates) {
        if (normalised(candidate) === normalised(word)) return candidate;
        const d = editDistance(lower, candidate.toLowerCase(), limit);
        if (d <= limit && d < bestScore) {
            best = candidate;
            bestScore = d;
        }
    }
    return best;
}

/** " Did you mean 'relu'?" or "" — ready to append to a message. */
export function didYouMean(word: string, candidates: Iterable<string>): { text: string; suggestion?: string } {
    const suggestion = suggest(word, candidates);
    return suggestion ? { text: ` Did you mean '${suggestion}'?`, suggestion } : { text: '' };
}
