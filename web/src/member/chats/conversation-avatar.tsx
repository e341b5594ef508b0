import type { MemberApp } from '../work/work.queries';
import { parseConversation } from './conversation-id';

const COLORS = ['#1677ff', '#00b578', '#ff8f1f', '#7c4dff', '#eb2f96', '#13c2c2'];

/** The app's logo, or the title's first character on a colour picked from the name. */
export function ConversationAvatar({
  conversation,
  title,
  apps,
  size = 44,
}: {
  conversation: string;
  title: string;
  apps?: MemberApp[];
  size?: number;
}) {
  const ref = parseConversation(conversation);
  const logo = ref.kind === 'app' ? (apps?.find((a) => a.agentId === ref.agentId)?.logoUrl ?? undefined) : undefined;
  return <NameAvatar name={title} imageUrl={logo} size={size} />;
}

export function NameAvatar({ name, imageUrl, size = 44 }: { name: string; imageUrl?: string; size?: number }) {
  if (imageUrl) return <img className="m-avatar" src={imageUrl} alt="" width={size} height={size} />;
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return (
    <span
      className="m-avatar"
      style={{ width: size, height: size, background: COLORS[hash % COLORS.length], fontSize: size * 0.4 }}
      aria-hidden
    >
      {[...name.trim()][0]?.toUpperCase() ?? '?'}
    </span>
  );
}
