/** Keras optimizers as their torch.optim equivalents. */
import type { OptimizerSpec } from '@nn-lang/language';
import { pyBool, pyFloat } from '../python/literals.js';

const num = (spec: OptimizerSpec, name: string, fallback: number): number => (typeof spec.args[name] === 'number' ? (spec.args[name] as number) : fallback);

/** The Keras call as the .nn file means it, defaults included, for comments and headers. */
export function kerasOptimizerText(spec: OptimizerSpec): string {
    const lr = `learning_rate=${spec.learningRate}`;
    switch (spec.name) {
        case 'sgd':
            return `SGD(${lr}, momentum=${num(spec, 'momentum', 0)}, nesterov=${spec.args.nesterov === true ? 'true' : 'false'})`;
        case 'rmsprop':
            return `RMSprop(${lr}, rho=${num(spec, 'rho', 0.9)}, momentum=${num(spec, 'momentum', 0)}, epsilon=${num(spec, 'epsilon', 1e-7)})`;
        case 'adam':
            return `Adam(${lr}, beta_1=${num(spec, 'beta_1', 0.9)}, beta_2=${num(spec, 'beta_2', 0.999)}, epsilon=${num(spec, 'epsilon', 1e-7)})`;
        case 'adagrad':
            return `Adagrad(${lr}, initial_accumulator_value=${num(spec, 'initial_accumulator_value', 0.1)})`;
    }
}

/**
 * `torch.optim.X(parameters, ...)` with Keras's settings. The update rules agree (SGD's momentum
 * and Nesterov forms are algebraically Keras's for a constant learning rate); Keras's Adam applies
 * epsilon to the bias-corrected step, torch's to the corrected moments: near-identical steps.
 */
export function torchOptimizer(spec: OptimizerSpec, parameters: string): string {
    const lr = `lr=${pyFloat(spec.learningRate)}`;
    switch (spec.name) {
        case 'sgd': {
            const momentum = num(spec, 'momentum', 0);
            const nesterov = spec.args.nesterov === true;
            return `torch.optim.SGD(${parameters}, ${lr}, momentum=${pyFloat(momentum)}${nesterov ? `, nesterov=${pyBool(true)}` : ''})`;
        }
        case 'rmsprop':
            return `torch.optim.RMSprop(${parameters}, ${lr}, alpha=${pyFloat(num(spec, 'rho', 0.9))}, momentum=${pyFloat(num(spec, 'momentum', 0))}, eps=${pyFloat(num(spec, 'epsilon', 1e-7))})`;
        case 'adam':
            return `torch.optim.Adam(${parameters}, ${lr}, betas=(${pyFloat(num(spec, 'beta_1', 0.9))}, ${pyFloat(num(spec, 'beta_2', 0.999))}), eps=${pyFloat(num(spec, 'epsilon', 1e-7))})`;
        case 'adagrad':
            return `torch.optim.Adagrad(${parameters}, ${lr}, initial_accumulator_value=${pyFloat(num(spec, 'initial_accumulator_value', 0.1))}, eps=1e-07)`;
    }
}
