/**
 * The files the editor benchmark opens: one long model (labels and merges every few lines, like a
 * deep residual network) and a 1 MB file of many small models, each with its train block.
 */

/** A model of `layers` layer statements (plus input and a closing head). */
export function deepModel(layers: number): string {
    const lines = ['model Deep {', '    input [28, 28, 1]', '    Conv2D(8, 3, padding=same, activation=relu)'];
    for (let i = 0; i < layers - 3; i++) {
        if (i % 4 === 0) lines.push(`    s${i} = Conv2D(8, 3, padding=same, activation=relu)`);
        else if (i % 4 === 3) lines.push(`    Add(s${i - 3})`);
        else lines.push('    BatchNormalization()');
    }
    lines.push('    GlobalAveragePooling2D()', '    Dense(10, activation=softmax)', '}', '', 'train Deep {', '    data = mnist', '    loss = categorical_crossentropy', '    epochs = 5', '}', '');
    return lines.join('\n');
}

/** About 300 lines: a dozen ordinary models and their train blocks. */
export function typicalFile(): string {
    return manyModels(12);
}

/** `count` small models with train blocks, ~510 bytes each: 2,000 of them make a 1 MB file. */
export function manyModels(count: number): string {
    const parts: string[] = [];
    for (let i = 0; i < count; i++) {
        parts.push([
            `model M${i} {`,
            '    input [28, 28, 1]',
            '    Conv2D(32, 3, activation=relu)',
            '    MaxPooling2D(2)',
            '    Conv2D(64, 3, activation=relu)',
            '    MaxPooling2D(2)',
            '    Flatten()',
            '    Dropout(0.25)',
            '    Dense(128, activation=relu)',
            '    BatchNormalization()',
            '    Dense(64, activation=relu)',
            '    Dropout(0.5)',
            '    Dense(10, activation=softmax)',
            '}',
            '',
            `train M${i} {`,
            '    data = mnist',
            '    loss = categorical_crossentropy',
            '    optimizer = Adam(learning_rate=0.001)',
            '    epochs = 3',
            '    batch_size = 64',
            '    metrics = [accuracy]',
            '    validation = 0.1',
            '}',
            ''
        ].join('\n'));
    }
    return parts.join('\n');
}
