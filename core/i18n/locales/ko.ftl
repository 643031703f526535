# Matinee의 한국어 메시지. en.ftl과 같은 id, 같은 { $변수 }를 써요.
# 영화 제목은 번역하지 않아요: 카탈로그에 있는 그대로 보여 줘요.

language-name = 한국어
language-set = 이제부터 한국어로 말할게요. 영어로 바꾸려면 `language en`이라고 해 주세요.
language-choose = 어떤 언어로 말할까요?
language-unknown = "{ $code }" 언어는 아직 못 해요. 할 수 있는 언어: { $languages }.

## Shared words

you = 회원님
list-and = { $rest }, { $last }
list-comma = ,{" "}
someone-here = 이곳의 누군가
whoever-asked = 요청하신 분

## Genres, as MovieLens names them

genre-action = 액션
genre-adventure = 모험
genre-animation = 애니메이션
genre-children = 가족
genre-comedy = 코미디
genre-crime = 범죄
genre-documentary = 다큐멘터리
genre-drama = 드라마
genre-fantasy = 판타지
genre-film-noir = 필름 누아르
genre-horror = 공포
genre-imax = 아이맥스
genre-musical = 뮤지컬
genre-mystery = 미스터리
genre-romance = 로맨스
genre-sci-fi = SF
genre-thriller = 스릴러
genre-war = 전쟁
genre-western = 서부극
genre-none = (장르 정보 없음)

## Reasons on cards

reason-liked = 좋아하신 { $title } 때문에 추천해요
reason-liked-two = 좋아하신 { $title }, { $other } 때문에 추천해요
reason-popular = 인기작: MovieLens 회원 { $count }명이 평가했어요
reason-asked = 요청하신 조건: { $what }
reason-genre = 좋아하는 장르: { $genre }
reason-new = { $year }년 신작
reason-decade = { $decade }년대
reason-similar = { $title } 평가자들이 자주 함께 평가했어요
reason-top = 취향 상위 { $share }%
reason-won = 투표 1위: { $total }표 중 { $votes }표

## Lists

list-intro = 좋아하실 만한 영화예요:
list-intro-asked = { $asked } 추천이에요:
list-intro-more = 좋아하실 만한 영화를 더 골랐어요:
list-intro-genre-decade = { $label } 영화를 골랐어요:
list-intro-lighter = 조금 더 가벼운 영화예요:
list-intro-newer = 더 최근 영화예요({ $year }년 이후):
list-intro-older = 더 예전 영화예요({ $year }년 이전):
list-intro-like = { $title } 같은 영화예요:
list-intro-import = 기록을 바탕으로 좋아하실 만한 영화를 골랐어요:
list-popular-note = { $intro } (우선 인기작으로 시작할게요. 좋아하는 영화를 알려 주시면 취향에 맞춰 드릴게요)
list-nothing-fits = 조건에 맞는 영화가 더는 없어요. 다른 영화를 보려면 `more`라고 하시거나, 좋아하는 영화를 더 알려 주세요.
list-run-out = 새로 추천할 영화가 다 떨어졌어요. 좋아하는 영화를 더 알려 주시거나, 처음부터 다시 하려면 `reset`이라고 해 주세요.
list-finished-more = 이 목록은 끝났어요. 그 뒤에 새 목록을 요청하셨거든요. 최신 목록에서 더 볼까요?
list-finished-recommend = 이 목록은 끝났어요. 새 목록을 요청해 주세요. 예: /recommend
list-finished = 이 목록은 끝났어요. 새 목록을 요청해 주세요.
list-unknown-genre = "{ $genre }" 장르는 모르겠어요. 이 중에서 골라 주세요: { $genres }.
list-unknown-decade = "{ $decade }": 제가 아는 연대가 아니에요. 1990s나 80s처럼 써 주세요.
bundle-more = 더 보기
bundle-classic = 고전 { $Films } 영화
bundle-recent = 최신 { $films } 영화
bundle-any = { $Films } 영화
bundle-heading = { $label }:

button-more = 더 보기
button-seen = 👀 봤어요
button-similar = 비슷한 영화
button-count-me-in = 저도 할래요
button-forget-yes = 네, 잊어 주세요
button-cancel = 취소
button-close-vote = 투표 마감

## Telling films

tell-got-it = 알겠어요: { $items }
tell-noted-neutral = { $films }: 좋다 싫다는 말씀 없이 기억해 둘게요.
tell-try-poster = 포스터에 적힌 제목으로, 아시면 연도와 함께 써 주세요. 예: "Heat (1995)".
tell-no-title = 영화 제목을 찾지 못했어요. 포스터에 적힌 제목(카탈로그의 영어 제목)으로 써 주세요. 예: "Heat", "The Godfather (1972)". 도움이 필요하면 `help`라고 해 주세요.
tell-long-list = 목록이 길어서 처음 { $taken }편만 받았어요. 나머지 { $left }편은 다음 메시지로 보내 주세요.
tell-need-films = 좋아하는 영화를 한두 편 알려 주시면 비슷한 영화를 찾아 드릴게요.
tell-unplaced-close = { $text }: 찾지 못했어요. 가장 비슷한 영화: { $films }.
tell-unplaced = { $text }: 카탈로그에서 찾지 못했어요.
tell-instead = { $got } ({ $other } 대신)

## Which version

choose-did-you-mean = { $text }: 어느 영화를 말씀하신 건가요? { $options } 중에서요. 지금은 { $guess } 기준으로 해 둘게요.
choose-or = {" "}또는{" "}
choose-reply-hint = (말씀하신 영화의 연도나 번호로 답해 주세요.)
choose-expired = 이 질문은 만료됐어요. 다른 버전을 말씀하신 거라면 연도와 함께 제목을 써 주세요. 예: "It (1990)".
choose-gone = 이 영화는 이제 카탈로그에 없어요.
correct-no-question = 그 번호로 답할 질문이 없어요. 연도와 함께 제목을 써 주세요. 예: "It (1990)".
correct-no-version = { $title }의 { $year }년 버전은 모르겠어요. 다른 영화를 말씀하신 거라면 연도와 함께 제목을 써 주세요. 예: "It (1990)".
correct-sorry = 죄송해요, 잘 못 알아들었어요. { $question }
query-not-found-close = { $query }: 찾지 못했어요. 혹시 이 영화인가요? { $films }
query-not-found = { $query }: 카탈로그에서 찾지 못했어요.

## Feedback

feedback-gone = 이 영화는 이제 모르는 영화예요.
feedback-noted = 기록했어요: { $films }
feedback-seen = 본 영화로 표시했어요: { $films }
feedback-watchlist = 볼 영화 목록에 저장했어요: { $films }
feedback-no-place = 마지막 목록에 없는 순서예요: { $places }. 목록은 #1부터 번호가 매겨져 있어요.
feedback-such-place = 그런 순서
feedback-no-list = 아직 고를 목록이 없어요.
similar-gone = 모르는 영화예요.

## Forgetting

forget-nothing = 저장된 정보가 없어요.
forget-ask = 좋아하는 영화, 싫어하는 영화, 나눈 대화까지 저장된 정보를 모두 지워요. 정말 지울까요? (yes / no)
forget-kept = 그대로 두었어요. 아무것도 지우지 않았어요.
forget-done = 완료: 회원님에 대한 정보를 모두 지웠어요.
forget-had-nothing = 원래 저장된 정보가 없었어요.
forget-expired = 이 질문은 만료됐어요. 그래도 지우고 싶으시면 `forget`이라고 다시 말씀해 주세요.

## Greeting, profile, region

greet-again = 다시 오셨네요! 새 추천을 보려면 `more`라고 하시거나, 좋아하는 영화를 또 알려 주세요.
greet-again-named = { $name }님, 다시 오셨네요! 새 추천을 보려면 `more`라고 하시거나, 좋아하는 영화를 또 알려 주세요.
profile-empty = 아직 취향을 몰라요. 좋아하는 영화를 몇 편 알려 주세요.
profile-latest = { $films } (전체 { $total }편 중 최근 { $shown }편)
profile-none = 아직 없어요
profile-liked = 👍 좋아요: { $films }
profile-disliked = 👎 별로예요: { $films }
profile-seen = 👀 봤어요: { $films }
profile-watchlist = 🔖 볼 영화: { $films }
profile-into = 좋아하는 것: { $prefs }
profile-not-into = 싫어하는 것: { $prefs }
region-bad = "{ $code }": 국가 코드가 아니에요. US, GB, DE처럼 두 글자로 써 주세요.
region-set = 이제 { $region } 기준으로 볼 수 있는 곳을 알려 드릴게요.
region-saved-no-key = 국가를 저장했어요: { $region }. 볼 수 있는 곳 안내는 이 봇에 TMDB API 키가 있어야 해서 지금은 꺼져 있어요.

## Movie night and its vote

night-missing = { $who }: 아직 영화를 알려 주지 않았어요. 좋아하는 영화를 몇 편 알려 달라고 해 주세요.
night-missing-you = 회원님은 아직 영화를 알려 주지 않았어요. 좋아하는 영화를 몇 편 알려 주세요.
night-invitation = { $invited }님, { $asker }님이 함께 보는 영화의 밤을 요청했어요. 허락하셔야만 회원님의 영화를 사용해요: 저도 할래요 버튼을 누르시거나, 여기서 직접 영화의 밤을 요청해 주세요. 카드에는 공개된 곳에서 알려 주신 영화만 나오고, 개인 채팅에서 말씀하신 영화는 나오지 않아요.
night-anyone-else = 저에게 영화를 알려 주신 다른 분들도 여기서 영화의 밤에 참여하려면 저도 할래요 버튼을 눌러 주세요.
night-once-in = 다들 참여하면 영화의 밤을 다시 요청해 주세요.
night-nobody-opted = 아직 여기서 영화의 밤에 참여한 다른 분이 없어요. 영화의 밤에는 좋아하는 영화를 알려 준 사람이 두 명 이상 있어야 해요.
night-needs-two = 영화의 밤에는 좋아하는 영화를 알려 준 사람이 두 명 이상 있어야 해요.
night-intro = 영화의 밤({ $who }): 모두가 즐길 만한 영화예요.
night-no-film = 모두에게 맞는 영화를 찾지 못했어요.
night-join-first = 먼저 좋아하는 영화를 몇 편 알려 주세요(저와 개인 채팅으로도 괜찮아요). 그다음 저도 할래요 버튼을 다시 눌러 주세요.
night-joined = { $name }님, 여기서 영화의 밤에 참여하게 됐어요. 영화의 밤을 다시 요청해 주세요.
night-joined-you = 여기서 영화의 밤에 참여하게 됐어요. 영화의 밤을 다시 요청해 주세요.
vote-question = 오늘 밤 볼 영화는? 영화의 밤: { $who }
vote-replaces = 이 영화의 밤으로 여기 열려 있던 투표({ $title } 외)는 끝났어요. 그 투표의 표는 세지 않아요.
vote-earlier = 이전 투표
vote-open = 오늘 밤 볼 영화에 투표해 주세요. 투표는 { $hours }시간 뒤에 끝나요. 그 전에 요청한 분({ $asker })이 `close vote`로 마감할 수도 있어요.
vote-none-open = 여기에는 열린 영화의 밤 투표가 없어요.
vote-only-asker = 이 투표는 { $asker }만 마감할 수 있어요. 아니면 시간이 지나면 저절로 끝나요.
vote-the-asker = 영화의 밤을 요청한 분
vote-not-showing = 투표가 아직 표시되지 않았어요. 잠시 후 다시 해 주세요.
vote-closing = 투표를 마감하는 중이에요…
vote-no-votes = 한 표도 없이 투표가 끝나서 오늘 밤 영화는 없어요. 언제든 영화의 밤을 다시 요청해 주세요.
vote-winner = 오늘 밤 영화: { $title }, { $total }표 중 { $votes }표를 받았어요. 즐거운 관람 되세요! 🍿
vote-marked = {" "}(본 영화로 표시했어요: { $who }. 앞으로 추천하지 않을게요.)

## Limits

limit-slow-down = 조금만 천천히 보내 주세요. 메시지가 읽는 속도보다 빨리 와서 마지막 몇 개는 건너뛰었어요. 잠시 후 다시 보내 주세요.
limit-too-long = 이 메시지는 { $length }자예요. 한 번에 { $max }자까지 읽을 수 있어요. 영화를 몇 개의 짧은 메시지로 나눠 보내시거나, 전체 기록은 Letterboxd나 IMDb 내보내기 파일을 `import`해 주세요.

## Importing a history

import-usage =
    영화 기록을 가져오려면 내보내기 파일을 보내 주세요:
      • Letterboxd: Settings → Import & Export → Export your data (zip 파일이나 그 안의 CSV 하나)
      • IMDb: Your Ratings → ⋯ → Export (ratings.csv)
    터미널에서는 `import 경로`라고 입력해 주세요(`import letterboxd 경로`, `import imdb 경로`도 돼요).
import-unchanged = 프로필은 바뀌지 않았어요.
import-too-large-platform = 파일이 너무 커서 여기서는 받을 수 없어요(봇은 { $limit }까지만 내려받을 수 있어요). 대신 내보내기의 CSV 하나(ratings.csv나 diary.csv)를 보내 주세요.
import-too-large-platform-size = 파일이 너무 커서 여기서는 받을 수 없어요(봇은 { $limit }까지만 내려받을 수 있는데 이 파일은 { $size }예요). 대신 내보내기의 CSV 하나(ratings.csv나 diary.csv)를 보내 주세요.
import-too-large = 이 파일은 { $size }예요. { $limit }까지만 가져올 수 있어요. 내보내기 파일은 보통 훨씬 작은데, 맞는 파일인가요?
import-too-big = 너무 커요
import-not-found = { $file } 위치에서 파일을 찾을 수 없어요. 경로를 확인해 주세요(파일을 터미널로 끌어다 놓으면 경로가 입력돼요).
import-folder = { $file }: 폴더예요. 내보내기 zip이나 그 안의 CSV 파일을 주세요.
import-unreadable = { $file }: 읽을 수 없어요. 읽을 권한이 있는 파일인가요?
import-download = 파일을 내려받지 못했어요. 다시 보내 주세요.
import-empty = 빈 파일이에요.
import-binary = CSV나 zip 파일이 아니에요. Letterboxd 내보내기 zip(또는 그 안의 CSV)이나 IMDb 평점 CSV를 보내 주세요.
import-bad-zip = zip 파일이 손상됐어요. 내보내기를 다시 내려받아 그대로 보내 주세요.
import-zip-without-csv = 이 zip에는 ratings.csv, diary.csv, watched.csv(또는 IMDb 평점 CSV)가 없어요. Letterboxd 내보내기 파일이 맞나요?
import-unknown-layout = 이 CSV는 Letterboxd나 IMDb 내보내기가 아니에요. Letterboxd 열(Date, Name, Year, Letterboxd URI)이나 IMDb 열(Const, Your Rating, Title, Year)을 찾아요.
import-imdb-list = IMDb 목록이나 워치리스트예요. 평점이 아니에요. IMDb에서 Your Ratings를 연 뒤 ⋯ → Export를 눌러 주세요.
import-wrong-format = 이 파일은 { $foundName } 내보내기예요. { $said ->
    [imdb] IMDb
   *[other] Letterboxd
} 파일이 아니에요. { $foundName } 형식으로 가져와 주세요(채팅에서는 종류를 빼도 돼요. 제가 구분해요).
import-no-rows = 이 { $format } 내보내기에는 영화가 없어요.
import-too-many = 이 { $format } 내보내기에는 영화가 { $films }편 있어요. 한 번에 { $limit }편까지 가져올 수 있어요. ratings.csv만 보내시거나 파일을 나눠 주세요.
import-nothing-matched = 이 { $format } 내보내기의 영화 { $films }편 중 카탈로그에 있는 영화가 없어서 아무것도 배우지 못했어요.
import-summary = 📥 { $format } 기록을 가져왔어요: 영화 { $matched }편 — 👍 좋아요 { $liked }, 👎 별로예요 { $disliked }, 👀 봤어요 { $seen }.
import-watchlist = 🔖 볼 영화 목록에 { $count }편을 추가했어요.
import-updated = 그중 { $count }편은 이미 프로필에 있어서 파일 내용으로 바꿨어요.
import-rule-imdb = (7–10점: 좋아요 · 1–4점: 별로예요 · 5–6점: 봤어요.)
import-rule-letterboxd = (3½★ 이상: 좋아요 · 2★ 이하: 별로예요 · 그 사이나 평점 없음: 봤어요.)
import-unmatched = 카탈로그에 없는 영화({ $count }): { $shown }.
import-unmatched-more = 카탈로그에 없는 영화({ $count }): { $shown } 외 { $more }편.
import-skipped = TV 작품 { $count }개(시리즈, 에피소드 등)는 건너뛰었어요.
import-bad-lines = { $count }개 행을 읽지 못했어요({ $lines }번째 줄).

## Help

help-example = "I loved The Godfather and Heat, not a fan of musicals"
help-attribution = 영화 정보: MovieLens(GroupLens)와 TMDB. 이 제품은 TMDB API를 사용하지만 TMDB의 보증이나 인증을 받지 않았어요.
help-intro = 좋아하는(또는 별로였던) 영화를 편하게 말해 주세요. 제목은 카탈로그의 영어 제목으로 써 주세요:
help-outro = 그러면 다음에 볼 영화를 이유와 함께 추천해 드릴게요.
welcome-1 = 🎬 안녕하세요, Matinee예요. 좋아하는 영화 세 편을 알려 주세요. 제목은 영어 원제로, 예를 들면:
welcome-2 = “I love The Godfather, Heat and Alien”
welcome-3 = 그러면 다음에 볼 영화를 이유와 함께 추천해 드릴게요.
welcome-say-help = 제가 알아듣는 말을 모두 보려면 `help`라고 해 주세요.
typed-more = 다음 추천
typed-more-like = 한 영화와 비슷한 영화
typed-steer = 목록 방향 바꾸기(더 최근 / 더 예전 / 더 가볍게)
typed-narrow = 목록 좁히기
typed-seen = 그 영화는 봤어요(#n: 목록에서의 순서)
typed-save = 볼 영화 목록에 저장
typed-region = 볼 수 있는 곳을 찾을 국가
typed-close-vote = 영화의 밤 투표를 지금 마감(요청한 분만)
typed-language = 영어 또는 한국어로 말하기(English, 한국어)
typed-movie-night = 여러 사람을 위한 목록 하나, 그리고 상위 영화 투표
typed-movie-night-everyone = 같은 기능, 여기서 참여한 모든 분과 함께
typed-vote = 열린 투표에서 2번 영화에 투표
typed-import = Letterboxd나 IMDb 기록 가져오기(내보내기 파일 보내기)
typed-profile = 제가 아는 회원님의 취향
typed-reset = 회원님에 대한 정보 모두 지우기
typed-help = 이 메시지
help-example-line = 예: { $example }
help-where-servers = {" "}(서버에서)
help-where-groups = {" "}(그룹에서)
help-where-private = {" "}(개인 채팅에서)
notice-sorry = 죄송해요, 제 쪽에서 문제가 생겼어요. 잠시 후 다시 해 주세요.
notice-expired-button = 만료된 버튼이에요. 다시 요청해 주세요. 예: /recommend
notice-not-your-question = 다른 분께 드린 질문이에요. 원하시면 직접 물어봐 주세요.
notice-not-your-list = 다른 분의 목록이에요. /recommend로 회원님의 목록을 요청해 주세요.
notice-noted = 기록했어요.

## Discord

discord-help-commands = 슬래시 명령어(/를 입력해 골라 주세요):
discord-help-write = DM에서, 또는 서버에서 저를 멘션하고 이렇게 써 주세요:
discord-help-feedback = 목록의 영화마다 줄이 있어요: 👍 👎 👀(봤어요)와 ≈(비슷한 영화). 다음 영화는 더 보기를 눌러 주세요. 영화 한 편짜리 카드에는 👍 ❤️ 👎 👀 🔖 반응도 기록돼요.
discord-welcome-commands = 슬래시 명령어도 쓸 수 있어요: { $commands }. `/help`에서 명령어마다 예시를 볼 수 있어요.
discord-stale-command = 이제 모르는 명령어예요. 봇의 명령어를 다시 등록해야 해요.
discord-field-genres = 장르
discord-field-watch = 볼 수 있는 곳
discord-field-links = 링크
cmd-recommend = 취향에 맞춰 고른 영화
cmd-recommend-genre = 이 장르만
cmd-recommend-decade = 이 연대의 영화만
cmd-similar = 한 영화와 비슷한 영화
cmd-similar-title = 영화(목록에서 고르거나 입력)
cmd-like = 좋아한 영화 알려 주기
cmd-like-title = 좋아한 영화
cmd-dislike = 별로였던 영화 알려 주기
cmd-dislike-title = 별로였던 영화
cmd-profile = Matinee가 아는 회원님의 취향
cmd-forget = Matinee가 아는 회원님 정보 모두 지우기(먼저 물어봐요)
cmd-movienight = 취향을 알려 준 친구들과 함께 볼 영화 목록
cmd-movienight-user1 = 함께 볼 사람
cmd-movienight-user = 또 함께 볼 사람
cmd-movienight-everyone = 여기서 영화의 밤에 참여한 모든 분(저도 할래요)
cmd-import = Letterboxd나 IMDb 기록 가져오기(내보내기 파일)
cmd-import-file = Letterboxd 내보내기 zip이나 그 안의 CSV, 또는 IMDb의 ratings.csv
cmd-import-format = 어느 사이트의 파일인지(비워 두면 파일을 보고 알아내요)
cmd-help = Matinee 사용법
cmd-language = 제가 쓸 언어 고르기
cmd-language-language = 언어

## Telegram

tg-cmd-start = 여기서 시작: 좋아하는 영화 세 편을 알려 주세요
tg-cmd-recommend = 추천 영화
tg-cmd-similar = 한 영화와 비슷한 영화
tg-cmd-like = 좋아한 영화 알려 주기
tg-cmd-dislike = 별로였던 영화 알려 주기
tg-cmd-movienight = 여기 있는 친구들과 함께 볼 영화 목록
tg-cmd-region = 볼 수 있는 곳을 찾을 국가
tg-cmd-profile = 제가 아는 회원님의 취향
tg-cmd-import = Letterboxd나 IMDb 기록 가져오기: 내보내기 파일을 보내 주세요
tg-cmd-forget = 회원님에 대한 정보 모두 지우기
tg-cmd-help = 모든 명령어와 그냥 써도 되는 말
tg-cmd-language = 제가 쓸 언어 고르기(English, 한국어)
tg-menu-example = { $description }. 예: { $example }
tg-example-movienight = /movienight @ann @bob, 또는 누군가의 메시지에 /movienight로 답장
tg-help-commands = 명령어:
tg-help-write = 아니면 그냥 써 주세요(그룹에서는 저를 멘션하거나 제 메시지에 답장해 주세요). 예:
tg-feedback = 영화마다 👍 👎 👀 봤어요, 비슷한 영화 버튼이 있어요. 영화에 👍 ❤️ 👎 👀 🔖 반응을 남겨도 기록돼요.
tg-group-onboarding = 그룹에서는 저를 멘션하거나 제 메시지에 답장해 주셔야 저에게 하는 말인 줄 알아요.
tg-import-hint = Letterboxd나 IMDb에 영화를 기록하시나요? 내보내기 파일을 보내 주시면 기록에서 배울게요.
tg-commands = 명령어: { $commands }.
tg-expired-button = 만료된 버튼이에요. 다시 요청해 주세요. 예: /recommend
tg-not-your-list = 다른 분의 목록이에요. /recommend로 회원님의 목록을 요청해 주세요.
tg-similar-usage = 어떤 영화요? 예: /similar Heat
tg-like-usage = 어떤 영화요? 예: /like Alien
tg-dislike-usage = 어떤 영화요? 예: /dislike Titanic
tg-region-usage = 어느 국가요? 두 글자로 써 주세요. 예: /region DE
tg-movie-night-in-groups = 영화의 밤은 그룹에서 해요. 친구들이 있는 그룹에 저를 추가한 뒤 거기서 /movienight @친구 를 보내 주세요.
tg-unknown-command = /{ $command } 명령어는 몰라요. /help를 써 보세요.
tg-choose-one = 하나를 골라 주세요:
tg-unknown-members = 누구인지 모르겠어요: { $who }. 텔레그램에서는 이 채팅에서 본 사람만 알 수 있어요.
tg-unknown-members-ask = 여기서 메시지를 한 번 보내 달라고(또는 이 링크를 열어 달라고: { $link }) 한 뒤 다시 해 주세요.
tg-unknown-members-reply = 아니면 그분의 메시지에 /movienight로 답장해 주세요.
tg-inline-more = 저와의 채팅에서 비슷한 영화 더 보기
tg-inline-film = 저와 채팅을 열어 회원님만의 추천 받기
tg-inline-recommended = 저와의 채팅에서 추천 더 보기
tg-inline-popular = 좋아하는 영화를 알려 주시면 회원님만의 추천을 드려요
tg-inline-nothing = “{ $query }” 제목의 영화는 없어요. 채팅으로 물어봐 주세요
tg-inline-too-long = 제목으로는 너무 길어요. 채팅으로 물어봐 주세요

## Terminal

term-greeting =
    🎬 Matinee: 좋아하는 영화를 알려 주시면 다음에 볼 영화를 추천해 드려요.
    예: "I loved The Godfather and Heat". 더 알아보려면 `help`, 나가려면 `quit`을 입력해 주세요.
    이 터미널을 같이 쓰시나요? `/user <이름>`으로 누구의 취향을 말하는지 바꿀 수 있어요(영화의 밤용).
term-vote-how = {"    "}투표하려면 `vote 2`처럼 입력해 주세요(`/user <이름>`으로 키보드를 넘겨요). 마감하려면 `close vote`.
term-no-vote = 열린 투표가 없어요. 먼저 영화의 밤을 요청해 주세요.
term-vote-range = 1부터 { $count }까지의 번호로 투표해 주세요.
term-voted = { $user }: { $film }에 투표했어요.
term-now-chatting = 이제 대화하는 사람: { $user }
term-error = 죄송해요, 처리하다 문제가 생겼어요: { $error }
term-bye = 안녕히 가세요! 즐거운 관람 되세요. 🍿

## Discord command and option names

cmd-name-recommend = 추천
cmd-name-similar = 비슷한영화
cmd-name-like = 좋아요
cmd-name-dislike = 별로예요
cmd-name-profile = 프로필
cmd-name-forget = 잊기
cmd-name-movienight = 영화의밤
cmd-name-import = 가져오기
cmd-name-help = 도움말
cmd-name-language = 언어
opt-name-genre = 장르
opt-name-decade = 연대
opt-name-title = 제목
opt-name-user = 함께볼사람{ $n }
opt-name-everyone = 모두
opt-name-file = 파일
opt-name-format = 형식
opt-name-language = 언어
decade-name = { $decade }년대

## Where to watch

watch-stream = 스트리밍: { $services }
watch-rent = 대여: { $services }
watch-buy = 구매: { $services }
watch-via = { $options } (JustWatch 제공)
