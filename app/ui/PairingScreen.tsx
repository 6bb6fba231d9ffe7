// Pairing this device with a bridge that requires an access token (docs/bridge-security.md §3):
// the 6-digit code shown on the bridge's console, exchanged for the token. A native form, so Enter
// submits and the input and button are in the tab order; the error is announced (role="alert").
import { createSignal, onMount, Show } from 'solid-js';
import type { PairFailure, PairOutcome } from '../bridge-client/socket.ts';

export interface PairingScreenProps {
  readonly pair: (code: string) => Promise<PairOutcome>;
}

export function pairingMessage(reason: PairFailure, retryAfterSeconds?: number): string {
  switch (reason) {
    case 'wrong-code':
      return 'Wrong code. Check the 6 digits on the bridge console and try again.';
    case 'code-void':
      return 'Too many wrong codes: this code no longer works. Restart the bridge (or ask a paired device) for a new code.';
    case 'no-code':
      return 'This code has expired. Restart the bridge (or ask a paired device) for a new code, then enter it.';
    case 'rate-limited':
      return `Too many attempts. Try again in ${retryAfterSeconds ?? 60} s.`;
    case 'malformed':
      return 'Enter the 6 digits shown on the bridge console.';
    case 'network':
      return 'Cannot reach the bridge. Check that it is running, then try again.';
  }
}

export function PairingScreen(props: PairingScreenProps) {
  const [code, setCode] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  let input: HTMLInputElement | undefined;
  onMount(() => input?.focus());

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy()) return;
    const digits = code().replace(/\s+/g, '');
    if (!/^[0-9]{6}$/.test(digits)) {
      // Checked here so a typo never costs one of the bridge's few attempts.
      setError(pairingMessage('malformed'));
      input?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    const outcome = await props.pair(digits);
    setBusy(false);
    if (!outcome.ok) {
      setError(pairingMessage(outcome.reason, outcome.retryAfterSeconds));
      input?.focus();
      input?.select();
    }
  };

  return (
    <section class="card pairing" aria-labelledby="pairing-title" data-testid="pairing-screen">
      <h2 id="pairing-title">Pair this device</h2>
      <p class="hint" id="pairing-help">
        This bridge requires an access token. Enter the 6-digit pairing code shown on the bridge's console (where{' '}
        <code>npm start</code> runs). The device keeps the token, so you pair only once.
      </p>
      <form onSubmit={submit} novalidate>
        <label for="pairing-code">Pairing code</label>
        <div class="pairing-row">
          <input
            ref={input}
            id="pairing-code"
            name="code"
            data-testid="pairing-code"
            inputmode="numeric"
            autocomplete="one-time-code"
            pattern="[0-9]{6}"
            maxlength="6"
            placeholder="123456"
            spellcheck={false}
            value={code()}
            onInput={(e) => setCode(e.currentTarget.value)}
            aria-invalid={error() !== null}
            aria-describedby={error() !== null ? 'pairing-error pairing-help' : 'pairing-help'}
            disabled={busy()}
          />
          <button type="submit" class="primary" disabled={busy()} data-testid="pairing-submit">
            {busy() ? 'Pairing…' : 'Pair'}
          </button>
        </div>
        <p id="pairing-error" class="form-error" role="alert" data-testid="pairing-error">
          <Show when={error()}>{(m) => m()}</Show>
        </p>
      </form>
    </section>
  );
}
