# Matinee's messages in English. Every user-facing sentence of every front end lives here;
# film titles never do (they are shown as the catalogue has them).
# Adding a language: copy this file to <code>.ftl (a BCP 47 code: ko, de, pt-BR) and translate
# each value; the ids and the { $variables } stay as they are.

language-name = English
language-set = I'll speak English from now on. Say `language ko` for 한국어.
language-choose = Which language should I speak?
language-unknown = I don't speak "{ $code }" yet. I speak: { $languages }.

## Shared words

you = you
list-and = { $rest } and { $last }
list-comma = ,{" "}
someone-here = someone here
whoever-asked = whoever asked

## Genres, as MovieLens names them

genre-action = Action
genre-adventure = Adventure
genre-animation = Animation
genre-children = Children
genre-comedy = Comedy
genre-crime = Crime
genre-documentary = Documentary
genre-drama = Drama
genre-fantasy = Fantasy
genre-film-noir = Film-Noir
genre-horror = Horror
genre-imax = IMAX
genre-musical = Musical
genre-mystery = Mystery
genre-romance = Romance
genre-sci-fi = Sci-Fi
genre-thriller = Thriller
genre-war = War
genre-western = Western
genre-none = (no genres listed)

## Reasons on cards

reason-liked = because you liked { $title }
reason-liked-two = because you liked { $title } and { $other }
reason-popular = { $count ->
    [one] popular: rated by { $count } MovieLens member
   *[other] popular: rated by { $count } MovieLens members
}
reason-asked = you asked for { $what }
reason-genre = favourite genre: { $genre }
reason-new = new in { $year }
reason-decade = { $decade }s
reason-similar = often rated by the people who rated { $title }
reason-top = in your top { $share }%
reason-won = won the vote: { $votes } of { $total }

## Lists

list-intro = Here are some films you might like:
list-intro-asked = Here are { $asked } picks for you:
list-intro-more = More films you might like:
list-intro-genre-decade = Some { $label } films for you:
list-intro-lighter = Something lighter:
list-intro-newer = Newer films (after { $year }):
list-intro-older = Older films (before { $year }):
list-intro-like = Films like { $title }:
list-intro-import = Here are some films you might like, from your history:
list-popular-note = { $intro } (popular picks to start with: tell me films you love and I'll tailor them)
list-nothing-fits = I have nothing more that fits that. Say `more` for other films, or tell me more films you love.
list-run-out = I've run out of new suggestions. Tell me more films you love, or say `reset` to start afresh.
list-finished-more = That list is finished: you've asked for another one since. More picks from your latest list?
list-finished-recommend = That list is finished. Ask me for a new one, for example with /recommend.
list-finished = That list is finished. Ask me for a new one.
list-unknown-genre = I don't know the genre "{ $genre }". Try one of: { $genres }.
list-unknown-decade = "{ $decade }" isn't a decade I understand. Try 1990s or 80s.
bundle-more = More picks
bundle-classic = { $Films }, classics
bundle-recent = Recent { $films }
bundle-any = { $Films }
bundle-heading = { $label }:

button-more = More picks
button-seen = 👀 Seen
button-similar = More like this
button-count-me-in = Count me in
button-forget-yes = Yes, forget me
button-cancel = Cancel
button-close-vote = Close vote

## Telling films

tell-got-it = Got it: { $items }
tell-noted-neutral = Noted { $films }, without a like or dislike.
tell-try-poster = Try the title as on the poster, with the year if you know it, like "Heat (1995)".
tell-no-title = I couldn't find a film title in that. Try titles as they appear on the poster, like "Heat" or "The Godfather (1972)", or say `help`.
tell-long-list = That's a long list: I took the first { $taken } films. Send the other { $left } in another message.
tell-need-films = Tell me a film or two you love, and I'll find more like them.
tell-unplaced-close = I couldn't place { $text }. Closest I know: { $films }.
tell-unplaced = I couldn't place { $text } in my catalogue.
tell-instead = { $got } (instead of { $other })

## Which version

choose-did-you-mean = By { $text } did you mean { $options }? I took { $guess } for now.
choose-or = {" "}or{" "}
choose-reply-hint = (Reply with the year or the number of the one you meant.)
choose-expired = That question has expired. Name the film with its year if you meant another version, like "It (1990)".
choose-gone = That film isn't in my catalogue any more.
correct-no-question = I have no open question for that number to answer. Name the film with its year, like "It (1990)".
correct-no-version = I don't know a { $year } version of { $title }. If you meant another film, name it with its year, like "It (1990)".
correct-sorry = Sorry, I didn't follow. { $question }
query-not-found-close = I couldn't find { $query }. Did you mean { $films }?
query-not-found = I couldn't find { $query } in my catalogue.

## Feedback

feedback-gone = I don't know that film any more.
feedback-noted = Noted: { $films }
feedback-seen = Marked as seen: { $films }
feedback-watchlist = Saved to your watchlist: { $films }
feedback-no-place = There's no { $places } in the last list. Its films are numbered from #1.
feedback-such-place = such place
feedback-no-list = There's no list yet to pick from.
similar-gone = I don't know that film.

## Forgetting

forget-nothing = I have nothing stored about you.
forget-ask = This deletes everything I know about you: your likes, dislikes and our conversation. Are you sure? (yes / no)
forget-kept = Kept everything. Nothing was deleted.
forget-done = Done: I've forgotten everything about you.
forget-had-nothing = I had nothing stored about you.
forget-expired = That question has expired. Say `forget` again if you still want me to forget you.

## Greeting, profile, region

greet-again = Hi again! Say `more` for new picks, or tell me another film you loved.
greet-again-named = Hi again, { $name }! Say `more` for new picks, or tell me another film you loved.
profile-empty = I don't know your taste yet. Tell me a few films you love.
profile-latest = { $films } (the latest { $shown } of { $total })
profile-none = none yet
profile-liked = 👍 Liked: { $films }
profile-disliked = 👎 Disliked: { $films }
profile-seen = 👀 Seen: { $films }
profile-watchlist = 🔖 Watchlist: { $films }
profile-into = Into: { $prefs }
profile-not-into = Not into: { $prefs }
region-bad = "{ $code }" isn't a country code. Use two letters, like US, GB or DE.
region-set = Where-to-watch is now for { $region }.
region-saved-no-key = Saved { $region }. Where-to-watch needs a TMDB API key on this bot, so it's off for now.

## Movie night and its vote

night-missing = { $count ->
    [one] { $who } hasn't told me any films yet: ask them to tell me a few they love.
   *[other] { $who } haven't told me any films yet: ask them to tell me a few they love.
}
night-missing-you = you haven't told me any films yet: ask them to tell me a few they love.
night-invitation = { $invited }: { $asker } asked for a movie night with you. I only use your films if you say so: press Count me in (or ask for a movie night here yourself). Cards only name films you told me in public, never ones from a private chat.
night-anyone-else = Anyone else here who has told me films: press Count me in to be part of movie nights here.
night-once-in = Once they're in, ask for the movie night again.
night-nobody-opted = Nobody else here has opted in to movie nights yet: a movie night needs at least two people who have told me films they love.
night-needs-two = A movie night needs at least two people who have told me films they love.
night-intro = Movie night for { $who }: films every one of you should enjoy.
night-no-film = I couldn't find a film that suits everyone.
night-join-first = Tell me a few films you love first (a private chat with me is fine), then press Count me in again.
night-joined = { $name }: you're in for movie nights here. Ask for the movie night again.
night-joined-you = You: you're in for movie nights here. Ask for the movie night again.
vote-question = Which film tonight? Movie night for { $who }
vote-replaces = This movie night replaces the vote still open here ({ $title } and others): that one is over, and its votes don't count.
vote-earlier = an earlier one
vote-open = { $hours ->
    [one] Vote for tonight's film: the vote closes in { $hours } hour, or when { $asker } closes it (`close vote`).
   *[other] Vote for tonight's film: the vote closes in { $hours } hours, or when { $asker } closes it (`close vote`).
}
vote-none-open = There's no movie-night vote open here.
vote-only-asker = Only { $asker } can close this vote; otherwise it closes by itself.
vote-the-asker = the person who asked for the movie night
vote-not-showing = That vote isn't showing yet: try again in a moment.
vote-closing = Closing the vote…
vote-no-votes = The vote closed without a single vote, so no film tonight. Ask for a movie night again any time.
vote-winner = { $total ->
    [one] Tonight: { $title }, with { $votes } of { $total } vote. Enjoy the film! 🍿
   *[other] Tonight: { $title }, with { $votes } of { $total } votes. Enjoy the film! 🍿
}
vote-marked = {" "}(Marked as seen for { $who }: I won't suggest it to them again.)

## Limits

limit-slow-down = Slow down a little: you're sending messages faster than I can read them. I skipped the last few; send them again in a moment.
limit-too-long = That message is { $length } characters long; I read up to { $max } at a time. Send your films over a few shorter messages, or `import` a Letterboxd or IMDb export for a whole history.

## Importing a history

import-usage =
    To import your film history, send me the export as a file:
      • Letterboxd: Settings → Import & Export → Export your data (the zip, or one of its CSVs)
      • IMDb: Your Ratings → ⋯ → Export (ratings.csv)
    In the terminal, type `import PATH` (or `import letterboxd PATH`, `import imdb PATH`).
import-unchanged = Nothing in your profile was changed.
import-too-large-platform = That file is too big for me to fetch here (bots can download files up to { $limit }). Send one CSV of the export (ratings.csv or diary.csv) instead.
import-too-large-platform-size = That file is too big for me to fetch here (bots can download files up to { $limit }; it is { $size }). Send one CSV of the export (ratings.csv or diary.csv) instead.
import-too-large = That file is { $size }: I import files up to { $limit }. An export is usually far smaller: is it the right file?
import-too-big = too big
import-not-found = I can't find a file at { $file }. Check the path (dragging the file into the terminal types it for you).
import-folder = { $file } is a folder: give the export's zip, or one of its CSV files.
import-unreadable = I can't read { $file }: is it yours to read?
import-download = I couldn't download that file. Please send it again.
import-empty = That file is empty.
import-binary = That file isn't a CSV or a zip. Send Letterboxd's export zip (or one of its CSVs) or IMDb's ratings CSV.
import-bad-zip = That zip file is damaged. Download the export again and send it as it came.
import-zip-without-csv = That zip has no ratings.csv, diary.csv or watched.csv in it (nor an IMDb ratings CSV): is it a Letterboxd export?
import-unknown-layout = That CSV isn't a Letterboxd or IMDb export: I look for Letterboxd's columns (Date, Name, Year, Letterboxd URI) or IMDb's (Const, Your Rating, Title, Year).
import-imdb-list = That's an IMDb list or watchlist, not your ratings: on IMDb open Your Ratings, then ⋯ → Export.
import-wrong-format = That file is { $found ->
    [imdb] an IMDb
   *[other] a Letterboxd
} export, not { $said ->
    [imdb] an IMDb
   *[other] a Letterboxd
} one. Import it as { $foundName } (in a chat you can leave the kind out: I tell them apart).
import-no-rows = That { $format } export has no films in it.
import-too-many = That { $format } export has { $films } films; I import up to { $limit } at a time. Send ratings.csv alone, or split the file.
import-nothing-matched = None of the { $films } films in that { $format } export are in my catalogue, so I couldn't learn anything from it.
import-summary = { $matched ->
    [one] 📥 Imported your { $format } history: { $matched } film — 👍 { $liked } liked, 👎 { $disliked } disliked, 👀 { $seen } seen.
   *[other] 📥 Imported your { $format } history: { $matched } films — 👍 { $liked } liked, 👎 { $disliked } disliked, 👀 { $seen } seen.
}
import-watchlist = 🔖 { $count } added to your watchlist.
import-updated = { $count ->
    [one] { $count } of them was already in your profile: updated from the file.
   *[other] { $count } of them were already in your profile: updated from the file.
}
import-rule-imdb = (Rated 7–10: liked · 1–4: disliked · 5–6: seen.)
import-rule-letterboxd = (Rated 3½★ and up: liked · 2★ and below: disliked · in between or unrated: seen.)
import-unmatched = Not in my catalogue ({ $count }): { $shown }.
import-unmatched-more = Not in my catalogue ({ $count }): { $shown } and { $more } more.
import-skipped = { $count ->
    [one] Skipped { $count } TV title (series, episodes and the like).
   *[other] Skipped { $count } TV titles (series, episodes and the like).
}
import-bad-lines = { $count ->
    [one] { $count } row couldn't be read (line { $lines }).
   *[other] { $count } rows couldn't be read (lines { $lines }).
}

## Help (the terminal's typed words; Discord and Telegram build theirs from their commands)

help-example = "I loved The Godfather and Heat, not a fan of musicals"
help-attribution = Film data: MovieLens (GroupLens) and TMDB. This product uses the TMDB API but is not endorsed or certified by TMDB.
help-intro = Tell me films you love (or didn't), in your own words:
help-outro = and I'll suggest what to watch next, with the reason for each.
welcome-1 = 🎬 Hi, I'm Matinee. Tell me three films you love, in your own words, for example:
welcome-2 = “I love The Godfather, Heat and Alien”
welcome-3 = and I'll suggest what to watch next, with the reason for each.
welcome-say-help = Say `help` to see everything I understand.
typed-more = the next suggestions
typed-more-like = films like one film
typed-steer = steer the list
typed-narrow = narrow it
typed-seen = I've seen that one (#n: its place in the list)
typed-save = keep it on my watchlist
typed-region = your country, for where-to-watch
typed-close-vote = end a movie night's vote now (the one who asked for it)
typed-language = speak English or Korean (한국어)
typed-movie-night = one list for several people, then a vote on its top films
typed-movie-night-everyone = the same, with everyone who opted in here
typed-vote = vote for film 2 of the open vote
typed-import = bring in your Letterboxd or IMDb history (send the export file)
typed-profile = what I know about your taste
typed-reset = forget everything about you
typed-help = this message
help-example-line = Example: { $example }
help-where-servers = {" "}(in servers)
help-where-groups = {" "}(in groups)
help-where-private = {" "}(in a private chat)
notice-sorry = Sorry, something went wrong on my side. Please try again in a moment.
notice-expired-button = That button has expired. Ask me again, for example with /recommend.
notice-not-your-question = That question was for someone else: ask me yourself if you like.
notice-not-your-list = That list was for someone else: ask me for your own with /recommend.
notice-noted = Noted.

## Discord

discord-help-commands = Slash commands (type / to pick one):
discord-help-write = In a DM, or mentioning me in a server, just write, for example:
discord-help-feedback = Each film of a list has its row: 👍 👎 👀 (seen) and ≈ (more like this); More picks for the next ones. On a card of one film, reacting with 👍 ❤️ 👎 👀 or 🔖 counts too.
discord-welcome-commands = Slash commands work too: { $commands }. `/help` shows each with an example.
discord-stale-command = I don't know that command any more: the bot's commands need re-registering.
discord-field-genres = Genres
discord-field-watch = Where to watch
discord-field-links = Links
cmd-recommend = Films picked for your taste
cmd-recommend-genre = Only this genre
cmd-recommend-decade = Only films from this decade
cmd-similar = Films like one film
cmd-similar-title = The film (pick from the list or type it)
cmd-like = Tell Matinee you liked a film
cmd-like-title = The film you liked
cmd-dislike = Tell Matinee you didn't like a film
cmd-dislike-title = The film you didn't like
cmd-profile = What Matinee knows about your taste
cmd-forget = Delete everything Matinee knows about you (asks first)
cmd-movienight = One list for you and friends who have told Matinee their taste
cmd-movienight-user1 = Who is watching with you
cmd-movienight-user = And who else
cmd-movienight-everyone = Everyone here who has opted in to movie nights (Count me in)
cmd-import = Import your Letterboxd or IMDb history (the export file)
cmd-import-file = Letterboxd's export zip or one of its CSVs, or IMDb's ratings.csv
cmd-import-format = Which site it is from (found from the file when left out)
cmd-help = How to use Matinee
cmd-language = Choose the language I speak
cmd-language-language = The language

## Telegram

tg-cmd-start = Start here: tell me three films you love
tg-cmd-recommend = Films for you
tg-cmd-similar = Films like one film
tg-cmd-like = Tell me you liked a film
tg-cmd-dislike = Tell me you didn't like a film
tg-cmd-movienight = One list for you and friends here
tg-cmd-region = Your country, for where-to-watch
tg-cmd-profile = What I know about your taste
tg-cmd-import = Import your Letterboxd or IMDb history: send me the export file
tg-cmd-forget = Delete everything I know about you
tg-cmd-help = Every command, and what you can just write
tg-cmd-language = Choose the language I speak (English, 한국어)
tg-menu-example = { $description }, e.g. { $example }
tg-example-movienight = /movienight @ann @bob, or reply to someone with /movienight
tg-help-commands = Commands:
tg-help-write = Or just write to me (in a group, mention me or reply to me), for example:
tg-feedback = Under every film: 👍 👎 👀 Seen and More like this. Reacting to a film with 👍 ❤️ 👎 👀 or 🔖 counts too.
tg-group-onboarding = In a group, mention me or reply to one of my messages so I know you're talking to me.
tg-import-hint = Track films on Letterboxd or IMDb? Send me the export file and I'll learn from your history.
tg-commands = Commands: { $commands }.
tg-expired-button = That button has expired. Ask me again, e.g. with /recommend.
tg-not-your-list = That list is someone else's: ask me for your own with /recommend.
tg-similar-usage = Which film? For example: /similar Heat
tg-like-usage = Which film? For example: /like Alien
tg-dislike-usage = Which film? For example: /dislike Titanic
tg-region-usage = Which country? Two letters, for example: /region DE
tg-movie-night-in-groups = Movie nights are for groups: add me to a group with your friends, then send /movienight @friend there.
tg-unknown-command = I don't know /{ $command }. Try /help.
tg-choose-one = Choose one:
tg-unknown-members = { $count ->
    [one] I can't tell who { $who } is: Telegram only lets me know people I've seen in this chat.
   *[other] I can't tell who { $who } are: Telegram only lets me know people I've seen in this chat.
}
tg-unknown-members-ask = { $count ->
    [one] Ask them to send a message here once (or to open { $link }), then try again.
   *[other] Ask each of them to send a message here once (or to open { $link }), then try again.
}
tg-unknown-members-reply = Or reply to one of their messages with /movienight.
tg-inline-more = More like this in a chat with me
tg-inline-film = Open a chat with me for picks of your own
tg-inline-recommended = More picks for you in a chat with me
tg-inline-popular = Tell me films you love for picks of your own
tg-inline-nothing = No film called “{ $query }”: ask me in a chat
tg-inline-too-long = That's too long for a title: ask me in a chat

## Terminal

term-greeting =
    🎬 Matinee: tell me films you love, and I'll suggest what to watch next.
    For example: "I loved The Godfather and Heat". Type `help` for more, `quit` to leave.
    Sharing this terminal? `/user <name>` switches whose taste you're telling (for a movie night).
term-vote-how = {"    "}Type `vote 2` to vote (`/user <name>` hands over the keyboard), `close vote` to close it.
term-no-vote = No vote is open: ask for a movie night first.
term-vote-range = Vote with a number from 1 to { $count }.
term-voted = { $user } votes for { $film }.
term-now-chatting = Now chatting as { $user }.
term-error = Sorry, something went wrong handling that: { $error }
term-bye = Bye! Enjoy the film. 🍿

## Discord command and option names (each language's own; Discord shows them to people whose client is in it)

cmd-name-recommend = recommend
cmd-name-similar = similar
cmd-name-like = like
cmd-name-dislike = dislike
cmd-name-profile = profile
cmd-name-forget = forget
cmd-name-movienight = movienight
cmd-name-import = import
cmd-name-help = help
cmd-name-language = language
opt-name-genre = genre
opt-name-decade = decade
opt-name-title = title
opt-name-user = user{ $n }
opt-name-everyone = everyone
opt-name-file = file
opt-name-format = format
opt-name-language = language
decade-name = { $decade }s

## Where to watch (TMDB requires naming JustWatch as the source)

watch-stream = Stream: { $services }
watch-rent = Rent: { $services }
watch-buy = Buy: { $services }
watch-via = { $options } (via JustWatch)
