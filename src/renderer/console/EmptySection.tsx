import { strings } from '../common/strings';

/** A section that is not built yet, saying honestly what will appear in it. */
export function EmptySection({ heading, body }: { heading: string; body: string }) {
  return (
    <section aria-labelledby="section-heading">
      <h1 id="section-heading">{heading}</h1>
      <div className="empty-state">
        <p>{body}</p>
        <p>{strings.empty.comingSoon}</p>
      </div>
    </section>
  );
}
