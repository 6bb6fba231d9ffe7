export interface StatusChipProps {
  readonly text: string;
  readonly tone: 'ok' | 'warn' | 'bad';
  readonly testId?: string;
}

export function StatusChip(props: StatusChipProps) {
  return (
    <span class={`chip chip-${props.tone}`} data-testid={props.testId}>
      {props.text}
    </span>
  );
}
