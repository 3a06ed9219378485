import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A modal dialog on the browser's own `<dialog>`: showModal() gives the top layer, an inert page
 * behind, focus kept inside and Escape to close, with no focus-trap code of our own. Focus returns
 * to what had it before.
 */
export function Modal({ label, onClose, children, className }: { label: string; onClose(): void; children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  });
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const before = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    const onCancel = (e: Event) => {
      e.preventDefault();
      closeRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      if (before?.isConnected) before.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      aria-label={label}
      className={`modal${className ? ` ${className}` : ''}`}
      // A click on the backdrop (the dialog element itself, outside its content) closes it.
      onClick={(e) => e.target === ref.current && onClose()}
    >
      <div className="modal-body">{children}</div>
    </dialog>
  );
}
