// An <a> that navigates inside the app without reloading the page.
import type { AnchorHTMLAttributes, ComponentChildren, TargetedMouseEvent } from 'preact';
import { navigate } from '../router';

type Props = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string; children: ComponentChildren };

export function Link({ href, onClick, ...rest }: Props) {
  const handle = (e: TargetedMouseEvent<HTMLAnchorElement>) => {
    if (onClick) (onClick as (ev: typeof e) => void)(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}
