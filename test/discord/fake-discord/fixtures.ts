/** The people, places and payload shapes of the fake Discord. Ids are snowflake-shaped strings. */

export const APP_ID = "900000000000000002";
export const FIXED_TIME = "2024-05-01T20:00:00.000Z";

export interface FakeUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: null;
  bot?: boolean;
}

export interface FakeChannel {
  id: string;
  type: number;
  guild_id?: string;
  name?: string;
  recipients?: FakeUser[];
  [key: string]: unknown;
}

function user(id: string, username: string, globalName: string | null, bot = false): FakeUser {
  return { id, username, global_name: globalName, discriminator: "0", avatar: null, ...(bot ? { bot } : {}) };
}

export const BOT_USER = user("900000000000000001", "matinee", "Matinee", true);
export const ANN = user("100000000000000001", "ann", "Ann");
export const BOB = user("100000000000000002", "bob", "Bob");
export const CAT = user("100000000000000003", "cat", "Cat");
/** Someone who only ever talks to the bot in a DM (movie-night consent). */
export const DEE = user("100000000000000004", "dee", "Dee");
/** Someone who never used the bot. */
export const EVE = user("100000000000000005", "eve", "Eve");
export const OTHER_BOT = user("100000000000000099", "dj", "DJ Bot", true);

export const GUILD = { id: "800000000000000001", name: "Film Club" };
export const TEXT_CHANNEL: FakeChannel = {
  id: "800000000000000010",
  type: 0,
  guild_id: GUILD.id,
  name: "films",
  position: 0,
  permission_overwrites: [],
  nsfw: false,
  parent_id: null,
};

/**
 * A second server. With two shards Discord sends each server's events to shard
 * (guild_id >> 22) % 2: GUILD goes to shard 1, OTHER_GUILD to shard 0 (with DMs).
 */
export const OTHER_GUILD = { id: "810000000000000001", name: "Late Show" };
export const OTHER_CHANNEL: FakeChannel = {
  id: "810000000000000010",
  type: 0,
  guild_id: OTHER_GUILD.id,
  name: "late-show",
  position: 0,
  permission_overwrites: [],
  nsfw: false,
  parent_id: null,
};

/** The shard Discord sends a server's events to: (guild_id >> 22) % shard count. */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

export function dmChannelOf(who: FakeUser): FakeChannel {
  return { id: `7${who.id.slice(1)}`, type: 1, recipients: [who] };
}

/** Ever-increasing snowflake-shaped ids. */
export function snowflakes(start: bigint): () => bigint {
  let next = start;
  return () => next++;
}

export function guildCreatePayload(channels: FakeChannel[], guild: { id: string; name: string } = GUILD) {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    owner_id: ANN.id,
    unavailable: false,
    large: false,
    member_count: 5,
    joined_at: FIXED_TIME,
    features: [],
    roles: [
      {
        id: guild.id,
        name: "@everyone",
        permissions: "2248473465835073",
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    emojis: [],
    stickers: [],
    channels: channels.filter((c) => c.guild_id === guild.id).map(({ guild_id: _, ...c }) => c),
    threads: [],
    members: [memberOf(BOT_USER)],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export function memberOf(who: FakeUser, nick: string | null = null) {
  return { user: who, nick, roles: [], joined_at: FIXED_TIME, deaf: false, mute: false, flags: 0 };
}

const ids = snowflakes(500_000_000_000_000_000n);

/** Where an event happens: the guild text channel or someone's DM with the bot. */
export type Place = { kind: "guild"; channel?: FakeChannel } | { kind: "dm"; channel: FakeChannel };

/** The server channel of a guild place (the first server's #films unless another is named). */
const guildChannel = (place: { channel?: FakeChannel }): FakeChannel & { guild_id: string } => {
  const channel = place.channel ?? TEXT_CHANNEL;
  if (!channel.guild_id) throw new Error(`channel ${channel.id} is not in a server`);
  return channel as FakeChannel & { guild_id: string };
};

function interactionBase(type: number, who: FakeUser, place: Place) {
  const id = String(ids());
  const common = {
    id,
    application_id: APP_ID,
    type,
    token: `interaction-token-${id}`,
    version: 1,
    locale: "en-US",
    app_permissions: "2248473465835073",
    entitlements: [],
    attachment_size_limit: 8_388_608,
  };
  if (place.kind === "guild") {
    const channel = guildChannel(place);
    return {
      ...common,
      guild_id: channel.guild_id,
      guild_locale: "en-US",
      channel_id: channel.id,
      channel,
      member: { ...memberOf(who), permissions: "2248473465835073" },
      authorizing_integration_owners: { "0": channel.guild_id },
      context: 0,
    };
  }
  return {
    ...common,
    channel_id: place.channel.id,
    channel: place.channel,
    user: who,
    authorizing_integration_owners: { "0": GUILD.id },
    context: 1,
  };
}

export type CommandOption =
  | { name: string; type: 3; value: string; focused?: boolean }
  | { name: string; type: 6; value: string }
  /** An attachment option: its value is the attachment's id, resolved in `data.resolved.attachments`. */
  | { name: string; type: 11; value: string };

/** What a message or command carries of an uploaded file (FakeDiscord.attach makes them). */
export interface AttachmentJson {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type?: string;
}

/**
 * A slash command as Discord dispatches it (users and attachments named in options are
 * resolved, as Discord does).
 */
export function slashCommand(
  name: string,
  options: CommandOption[],
  who: FakeUser,
  place: Place,
  users: FakeUser[] = [],
  attachments: AttachmentJson[] = [],
) {
  const resolvedUsers = options.filter((o) => o.type === 6).map((o) => users.find((u) => u.id === o.value)!);
  return {
    ...interactionBase(2, who, place),
    data: {
      id: String(ids()),
      name,
      type: 1,
      options,
      ...(attachments.length > 0
        ? { resolved: { attachments: Object.fromEntries(attachments.map((a) => [a.id, a])) } }
        : {}),
      ...(resolvedUsers.length > 0
        ? {
            resolved: {
              users: Object.fromEntries(resolvedUsers.map((u) => [u.id, u])),
              ...(place.kind === "guild"
                ? {
                    members: Object.fromEntries(
                      resolvedUsers.map((u) => {
                        const { user: _, ...member } = memberOf(u);
                        return [u.id, { ...member, permissions: "0" }];
                      }),
                    ),
                  }
                : {}),
            },
          }
        : {}),
    },
  };
}

export function autocomplete(name: string, option: string, typed: string, who: FakeUser, place: Place) {
  return {
    ...interactionBase(4, who, place),
    data: {
      id: String(ids()),
      name,
      type: 1,
      options: [{ name: option, type: 3, value: typed, focused: true }],
    },
  };
}

/** A press of the button with `customId` on `message` (a message the fake holds). */
export function buttonPress(customId: string, message: object, who: FakeUser, place: Place) {
  return { ...interactionBase(3, who, place), data: { custom_id: customId, component_type: 2 }, message };
}

export function messageCreate(
  content: string,
  who: FakeUser,
  place: Place,
  mentions: FakeUser[] = [],
  attachments: AttachmentJson[] = [],
) {
  const base = {
    id: String(ids()),
    author: who,
    content,
    timestamp: FIXED_TIME,
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions,
    mention_roles: [],
    attachments,
    embeds: [],
    components: [],
    pinned: false,
    type: 0,
    flags: 0,
  };
  if (place.kind === "guild") {
    const { user: _, ...member } = memberOf(who);
    const channel = guildChannel(place);
    return { ...base, channel_id: channel.id, guild_id: channel.guild_id, member, channel_type: 0 };
  }
  return { ...base, channel_id: place.channel.id, channel_type: 1 };
}

export function reactionAdd(emoji: string, messageId: string, who: FakeUser, place: Place) {
  const base = {
    user_id: who.id,
    message_id: messageId,
    emoji: { id: null, name: emoji },
    type: 0,
    burst: false,
    burst_colors: [],
  };
  if (place.kind === "guild") {
    const channel = guildChannel(place);
    return {
      ...base,
      channel_id: channel.id,
      guild_id: channel.guild_id,
      member: memberOf(who),
      message_author_id: BOT_USER.id,
    };
  }
  return { ...base, channel_id: place.channel.id, message_author_id: BOT_USER.id };
}
