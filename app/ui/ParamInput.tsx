// One indicator parameter: a labelled input built from its catalog entry (number input with
// min/max/step, or a comma-separated list), its range as help text and the worker's error inline.
import { Show } from 'solid-js';
import type { ParamInfo } from '../state/indicator-meta.ts';

export interface ParamInputProps {
  readonly param: ParamInfo;
  /** Prefix for element ids (unique per form). */
  readonly idPrefix: string;
  /** The text the input starts with (the input is uncontrolled: typing is never overwritten). */
  readonly initial: string;
  readonly onInput: (text: string) => void;
  /** The error naming this parameter, if any. */
  readonly error?: string;
}

export function ParamInput(props: ParamInputProps) {
  const initial = props.initial;
  const id = () => `${props.idPrefix}-${props.param.name}`;
  const list = () => props.param.kind === 'floats';
  const describedBy = () => `${id()}-help${props.error ? ` ${id()}-error` : ''}`;
  return (
    <div class="param" classList={{ invalid: !!props.error }}>
      <label for={id()} title={props.param.doc}>
        {props.param.name}
      </label>
      <input
        id={id()}
        name={props.param.name}
        type={list() ? 'text' : 'number'}
        inputmode={list() ? 'text' : props.param.kind === 'int' ? 'numeric' : 'decimal'}
        min={list() ? undefined : props.param.min}
        max={list() ? undefined : props.param.max}
        step={list() ? undefined : props.param.kind === 'int' ? 1 : 0.1}
        value={initial}
        title={props.param.doc}
        autocomplete="off"
        spellcheck={false}
        aria-describedby={describedBy()}
        aria-invalid={props.error ? 'true' : undefined}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      <small id={`${id()}-help`} class="help">
        {list() ? `comma-separated: ${props.param.range}` : props.param.range}
      </small>
      <Show when={props.error}>
        <small id={`${id()}-error`} class="field-error" role="alert">
          {props.error}
        </small>
      </Show>
    </div>
  );
}
