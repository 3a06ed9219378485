import { followLink, hrefOf } from '../common/router';
import { strings } from '../common/strings';

/** An unknown path, or a section this role may not open. */
export function NotFound({ home }: { home: string }) {
  return (
    <section>
      <h1>{strings.notFound.heading}</h1>
      <p>{strings.notFound.body}</p>
      <a href={hrefOf(home)} onClick={(e) => followLink(e, home)}>
        {strings.notFound.home}
      </a>
    </section>
  );
}
