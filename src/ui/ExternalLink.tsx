/**
 * A link whose address came from data (a work item or point URL, an evidence link someone recorded): it becomes a
 * link only when it is an absolute http(s) address, so a stored `javascript:` or `data:` address is shown as text
 * and can never run in the hub's or widget's frame.
 */
import * as React from "react";
import { safeHttpUrl } from "../core/report/escape";

export interface ExternalLinkProps {
  href: string | null | undefined;
  className?: string;
  title?: string;
  /** `_blank` (a new tab, the default) or `_top` (leave the dashboard frame). */
  target?: "_blank" | "_top";
  onClick?: (event: React.MouseEvent<HTMLAnchorElement>, href: string) => void;
  /** Shown instead of the children when the address is refused; by default the children as plain text. */
  refused?: React.ReactNode;
  children: React.ReactNode;
}

export function ExternalLink(props: ExternalLinkProps): JSX.Element {
  const href = safeHttpUrl(props.href);
  if (!href) {
    const why = props.href ? "the link is not an http(s) address, so it is not opened" : undefined;
    return (
      <span className={props.className} title={[props.title, why].filter(Boolean).join(": ") || undefined}>
        {props.refused ?? props.children}
      </span>
    );
  }
  const { onClick } = props;
  return (
    <a
      className={props.className}
      href={href}
      target={props.target ?? "_blank"}
      rel="noopener noreferrer"
      title={props.title}
      onClick={onClick && ((event) => onClick(event, href))}
    >
      {props.children}
    </a>
  );
}
