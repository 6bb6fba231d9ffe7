// The kill switch, always in the top bar (issue 13, item 3): one tap halts trading on the bridge (no
// new orders; cancels pass) — halting never asks twice; resuming does. What the bridge answered is
// shown; offline the tap is refused with a sentence and nothing is queued.
import { createSignal, onCleanup, Show } from 'solid-js';
import type { Commands } from '../bridge-client/commands.ts';

type State = 'ACTIVE' | 'REDUCING' | 'HALTED';

export function KillSwitch(props: { commands: Commands }) {
  const [state, setState] = createSignal<State | undefined>(undefined);
  const [note, setNote] = createSignal<{ text: string; error: boolean } | null>(null);
  const [confirming, setConfirming] = createSignal(false);
  const [busy, setBusy] = createSignal(false);

  const run = async (kind: 'halt' | 'resume') => {
    setBusy(true);
    setConfirming(false);
    const r = await props.commands.send({ kind });
    setBusy(false);
    if (r.ok) {
      setState(r.ack.tradingState);
      setNote({ text: `trading ${r.ack.tradingState?.toLowerCase() ?? 'changed'} at ${new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`, error: false });
    } else setNote({ text: `${kind === 'halt' ? 'Halt' : 'Resume'} not done — ${r.message}`, error: true });
  };

  // Alt+H halts from anywhere (halting never needs a second step).
  const onKey = (e: KeyboardEvent) => {
    if (!e.altKey || e.ctrlKey || e.metaKey || e.key.toLowerCase() !== 'h' || busy() || state() === 'HALTED') return;
    e.preventDefault();
    void run('halt');
  };
  window.addEventListener('keydown', onKey);
  onCleanup(() => window.removeEventListener('keydown', onKey));

  return (
    <div class="kill-switch">
      <Show
        when={state() === 'HALTED'}
        fallback={
          <button type="button" class="halt" disabled={busy()} onClick={() => void run('halt')} aria-keyshortcuts="Alt+H" title="Halt trading (Alt+H): no new orders, cancels pass" data-testid="halt">
            Halt trading
          </button>
        }
      >
        <Show
          when={confirming()}
          fallback={
            <button type="button" disabled={busy()} onClick={() => setConfirming(true)} data-testid="resume">
              Resume trading…
            </button>
          }
        >
          <button type="button" class="primary" disabled={busy()} onClick={() => void run('resume')} data-testid="resume-confirm">
            Yes, resume
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Keep halted
          </button>
        </Show>
      </Show>
      <Show when={note()}>
        {(n) => (
          <span class={n().error ? 'kill-note error' : 'kill-note'} role={n().error ? 'alert' : 'status'} data-testid="kill-note">
            {n().text}
          </span>
        )}
      </Show>
    </div>
  );
}
