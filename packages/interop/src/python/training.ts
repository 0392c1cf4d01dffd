/** Training facts shared by the Python exports: targets, losses and metrics as nn-lang's trainer has them. */
import type { TrainingDescription } from '@nn-lang/language';

export type Task = 'classification' | 'regression';

/** The task the description carries (a CSV label column is read by it; built-in sets have their own). */
export function taskOf(training: TrainingDescription): Task {
    return training.task;
}

/** The output units a target encoding is decided on (the last axis of the model's output). */
export function outputUnits(training: TrainingDescription): number {
    const out = training.model.output;
    return out[out.length - 1] ?? 1;
}

/**
 * The rule of nn-lang's trainer (packages/training/src/train/targets.ts), in Python: how class
 * indices or values become targets. Decided at run time because a CSV's class count is only known then.
 */
export function pythonTargetKind(): string {
    return `def target_kind(num_classes, task):
    """How labels become targets, as nn-lang's trainer decides it."""
    if LOSS == "sparse_categorical_crossentropy":
        if task != "classification" or OUTPUT_SHAPE != [num_classes]:
            raise SystemExit(f"{LOSS} needs one output per class: the data has {num_classes} classes, the model outputs {OUTPUT_SHAPE}")
        return "sparse"
    if task == "classification":
        if len(OUTPUT_SHAPE) != 1:
            raise SystemExit(f"a classifier's output must be a vector of class scores, not {OUTPUT_SHAPE}")
        if OUTPUT_SHAPE[0] == 1 and num_classes <= 2:
            return "binary"
        if OUTPUT_SHAPE[0] == num_classes:
            return "one-hot"
        raise SystemExit(f"the data has {num_classes} classes but the model's output has {OUTPUT_SHAPE[0]} units")
    return "value"`;
}

/**
 * nn-lang's training, validation and test rows in Python (both exports train on exactly these):
 * `validation` is None, the test split, or training rows held out as the trainer holds them out;
 * `--limit` keeps the first rows of each part.
 */
export function pythonTrainingSplits(): string {
    return `def training_splits(args, seed):
    """(x_train, y_train), validation, (x_test, y_test), class count, task: the rows nn-lang trains, validates and tests on."""
    (x_train, y_train), (x_test, y_test), num_classes, task = load_data(data_folder(args))
    validation = None
    if VALIDATION == "test":
        validation = (x_test, y_test)
    elif VALIDATION is not None:
        train_rows, held_rows = validation_rows(len(y_train), VALIDATION, seed)
        validation = (x_train[held_rows], y_train[held_rows])
        x_train, y_train = x_train[train_rows], y_train[train_rows]
    if args.limit:
        x_train, y_train, x_test, y_test = x_train[:args.limit], y_train[:args.limit], x_test[:args.limit], y_test[:args.limit]
        if validation is not None:
            validation = (validation[0][:args.limit], validation[1][:args.limit])
    return (x_train, y_train), validation, (x_test, y_test), num_classes, task`;
}
