// One input of the lab's form: a label, a number input or a choice, the valid range from the
// schema as help text and the field's error next to it.
import { For, Show } from 'solid-js';
import type { ParamField } from './lab-config.ts';

export interface LabFieldProps {
  readonly id: string;
  readonly label: string;
  readonly kind: ParamField['kind'];
  /** The text the input starts with (uncontrolled: typing is never overwritten). */
  readonly initial: string;
  readonly help: string;
  readonly choices?: readonly string[];
  readonly error?: string;
  readonly onInput: (text: string) => void;
  /** A sweep's field: a text input taking a value, a range `from:to:step` or a list `a,b,c`. */
  readonly range?: boolean;
}

export function LabField(props: LabFieldProps) {
  const initial = props.initial;
  const describedBy = () => `${props.id}-help${props.error ? ` ${props.id}-error` : ''}`;
  return (
    <div class="lab-field" classList={{ invalid: !!props.error }} data-testid={`field-${props.id}`}>
      <label for={props.id}>{props.label}</label>
      <Show
        when={props.kind === 'choice' || props.kind === 'boolean'}
        fallback={
          <input
            id={props.id}
            type={props.range ? 'text' : 'number'}
            inputmode={props.range ? 'text' : props.kind === 'integer' ? 'numeric' : 'decimal'}
            step={props.range ? undefined : props.kind === 'integer' ? 1 : 'any'}
            value={initial}
            autocomplete="off"
            aria-describedby={describedBy()}
            aria-invalid={props.error ? 'true' : undefined}
            onInput={(e) => props.onInput(e.currentTarget.value)}
          />
        }
      >
        <select id={props.id} aria-describedby={describedBy()} aria-invalid={props.error ? 'true' : undefined} onChange={(e) => props.onInput(e.currentTarget.value)}>
          <For each={props.choices ?? ['true', 'false']}>{(c) => <option value={c} selected={c === initial}>{c}</option>}</For>
        </select>
      </Show>
      <small id={`${props.id}-help`} class="help">
        {props.help}
      </small>
      <Show when={props.error}>
        <small id={`${props.id}-error`} class="field-error" role="alert">
          {props.error}
        </small>
      </Show>
    </div>
  );
}
