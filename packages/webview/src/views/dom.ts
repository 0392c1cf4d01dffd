/** A tiny element builder: the page is small enough that a framework would outweigh it. */
type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    attrs: Record<string, string | undefined> = {},
    ...children: Child[]
): HTMLElementTagNameMap[K] {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
        if (v === undefined) continue;
        if (k === 'class') node.className = v;
        else node.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c);
    return node;
}

export function setText(node: Element, text: string): void {
    if (node.textContent !== text) node.textContent = text;
}
