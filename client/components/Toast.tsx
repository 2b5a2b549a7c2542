import { useEffect } from 'preact/hooks';

export interface ToastMessage {
  text: string;
  action?: { label: string; run: () => void };
}

/** A short message at the bottom of the screen, with an optional action such as Undo. */
export function Toast({ message, onClose }: { message: ToastMessage; onClose: () => void }) {
  useEffect(() => {
    const timer = setTimeout(onClose, 10_000);
    return () => clearTimeout(timer);
  }, [message]);
  return (
    <div class="toast" role="status">
      <span>{message.text}</span>
      {message.action && (
        <button
          type="button"
          class="link-button"
          onClick={() => {
            message.action!.run();
            onClose();
          }}
        >
          {message.action.label}
        </button>
      )}
      <button type="button" class="toast-close" aria-label="Dismiss" onClick={onClose}>
        ×
      </button>
    </div>
  );
}
