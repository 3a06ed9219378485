import { strings } from './strings';

/** The product mark (two linked rings, as in resources/icon.png) and name. */
export function Brand({ label = strings.product }: { label?: string }) {
  return (
    <span className="brand">
      <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="7" fill="#0f766e" />
        <circle cx="12.2" cy="16" r="6.2" fill="none" stroke="#fff" strokeWidth="2.8" />
        <circle cx="19.8" cy="16" r="6.2" fill="none" stroke="#fff" strokeWidth="2.8" />
      </svg>
      {label}
    </span>
  );
}
