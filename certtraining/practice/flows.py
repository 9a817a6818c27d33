"""What each simulator screen says: the two flows as today's bank sites run them.

The order follows shared/domain-facts.md, "Today's sequences" (also ``today_steps`` in
``data/guide.yaml``). The widget simulator and the static walk-through for handouts both
read these texts, so the two renderings can never disagree. Texts use the content
markup subset (``**bold**``) and go through ``certtraining.present.markup`` wherever they are shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

FLOW_IDS = ("issuance", "reissuance", "password")

# The practice happens on a fixed, made-up calendar, so every run shows the same dates.
SCENARIO_TODAY = dt.date(2025, 6, 10)
OLD_CERT_ISSUED = dt.date(2025, 1, 15)
OLD_CERT_EXPIRES = dt.date(2026, 1, 15)

PRIVACY_BANNER = (
    "연습 화면입니다. **진짜 주민등록번호, 계좌번호, 비밀번호를 절대 입력하지 마세요.** "
    "'가상 정보 채우기' 버튼의 가상 정보만 쓰세요. 입력한 내용은 어디에도 저장되지 않습니다."
)


@dataclass(frozen=True)
class StepInfo:
    id: str
    title: str
    instruction: str


@dataclass(frozen=True)
class FlowInfo:
    id: str
    title: str
    intro: str
    steps: tuple[StepInfo, ...]

    def step(self, step_id: str) -> StepInfo:
        return next(s for s in self.steps if s.id == step_id)

    def position(self, step_id: str) -> int:
        return [s.id for s in self.steps].index(step_id) + 1


_TERMS = StepInfo(
    "terms",
    "약관 동의",
    "약관을 읽고 동의합니다. **[필수]** 약관에 모두 동의해야 '다음'이 켜집니다.",
)
_IDENTITY = StepInfo(
    "identity",
    "본인 확인 ① 주민등록번호·출금계좌",
    "주민등록번호, 출금계좌번호, 계좌 비밀번호(4자리)로 본인을 확인합니다. "
    "이 연습에서는 **'가상 정보 채우기'**를 누르세요. 주민등록번호는 형식만 확인하고 가려서 보여 줍니다.",
)
_CARD = StepInfo(
    "card",
    "본인 확인 ② 보안카드 또는 OTP",
    "화면이 고른 보안카드 번호 **두 개의 일부 자리**만 입력합니다(또는 OTP 번호). "
    "아래 가상 보안카드를 보고 입력하세요.",
)
_SMS = StepInfo(
    "sms",
    "추가인증 (문자)",
    "등록된 휴대폰으로 받은 인증번호를 입력합니다. '인증번호 받기'를 누르면 가상 휴대폰에 문자가 옵니다.",
)
_MEDIUM = StepInfo(
    "medium",
    "저장 매체 선택",
    "인증서를 저장할 곳을 고릅니다. 고를 때마다 그 매체의 안전 수칙이 나옵니다.",
)
_PASSWORD = StepInfo(
    "password",
    "인증서 비밀번호 설정",
    "인증서 비밀번호를 두 번 입력합니다. 규칙을 모두 지키면 '다음'이 켜집니다. "
    "입력한 비밀번호는 화면에 다시 보이거나 저장되지 않습니다.",
)

FLOWS: dict[str, FlowInfo] = {
    "issuance": FlowInfo(
        "issuance",
        "인증서 발급 연습",
        "인터넷뱅킹 가입을 마친 뒤, 공식 홈페이지의 인증센터에서 공동인증서를 처음 발급받는 과정입니다.",
        (
            StepInfo(
                "center",
                "인증센터 · 메뉴 선택",
                "인증센터 메뉴 가운데 이번에 할 일에 맞는 메뉴를 고릅니다.",
            ),
            _TERMS,
            _IDENTITY,
            _CARD,
            _SMS,
            _MEDIUM,
            _PASSWORD,
            StepInfo("complete", "발급 완료", "가상 공동인증서가 발급되었습니다."),
        ),
    ),
    "reissuance": FlowInfo(
        "reissuance",
        "인증서 재발급 연습",
        "인증서를 잃어버렸거나 손상되었거나 비밀번호를 잊었을 때 다시 받는 과정입니다. "
        "기존 인증서를 직접 지우는 단계는 없습니다.",
        (
            StepInfo(
                "center",
                "인증센터 · 인증서 재발급",
                "인증센터에서 '인증서 재발급'을 고르고, 재발급하는 이유를 고릅니다.",
            ),
            _TERMS,
            _IDENTITY,
            _CARD,
            _SMS,
            _MEDIUM,
            _PASSWORD,
            StepInfo(
                "complete",
                "재발급 완료",
                "새 인증서가 발급되었고, 기존 인증서는 자동으로 폐지되었습니다.",
            ),
        ),
    ),
    "password": FlowInfo(
        "password",
        "인증서 비밀번호 만들기 연습",
        "발급의 마지막 단계인 인증서 비밀번호 규칙만 따로 연습합니다. "
        "실제로 쓰는(또는 쓸) 비밀번호는 입력하지 마세요.",
        (_PASSWORD,),
    ),
}


@dataclass(frozen=True)
class MenuItem:
    id: str
    label: str
    meaning: str  # what the menu is for, shown when it is the wrong choice


CENTER_MENU = (
    MenuItem("issue", "인증서 발급", "인증서를 처음 받거나, 만료된 뒤 새로 받을 때 고릅니다."),
    MenuItem(
        "reissue",
        "인증서 재발급",
        "인증서를 잃어버렸거나, 손상되었거나, 비밀번호를 잊었을 때 고릅니다.",
    ),
    MenuItem("renew", "인증서 갱신", "만료 30일 전부터 만료일까지 유효기간을 늘릴 때 고릅니다."),
    MenuItem(
        "register",
        "타기관 인증서 등록",
        "다른 은행에서 받은 인증서를 이곳에서도 쓰려고 등록할 때 고릅니다.",
    ),
)
MENU_FOR_FLOW = {"issuance": "issue", "reissuance": "reissue"}


@dataclass(frozen=True)
class Reason:
    id: str
    label: str
    refusal: str | None = None  # when set, this reason is not a reissuance case


REISSUE_REASONS = (
    Reason("lost", "인증서를 저장한 USB를 잃어버렸다"),
    Reason("damaged", "인증서 파일이 손상되어 열리지 않는다"),
    Reason("forgot", "인증서 비밀번호를 잊어버렸다"),
    Reason(
        "expiring",
        "인증서 만료일이 2주 남았다",
        "유효기간을 늘리려면 재발급이 아니라 **갱신**(만료 30일 전부터 만료일까지)을 합니다"
        "(인증센터의 '인증서 갱신' 메뉴). "
        "이 연습의 인증서는 만료일이 아직 멀었으니, 재발급할 다른 이유를 고르세요. (출처: yessign 갱신 안내)",
    ),
)


@dataclass(frozen=True)
class Consent:
    id: str
    label: str
    required: bool
    summary: str


CONSENTS = (
    Consent(
        "service",
        "인증서비스 이용약관",
        True,
        "인증서의 발급·이용·폐지에 관한 약속입니다.",
    ),
    Consent(
        "privacy",
        "개인정보 수집·이용 동의",
        True,
        "본인 확인과 인증서 발급에 필요한 정보를 쓰는 데 동의합니다.",
    ),
    Consent(
        "unique_id",
        "고유식별정보(주민등록번호) 처리 동의",
        True,
        "인증서에 본인을 연결하려고 주민등록번호를 처리하는 데 동의합니다.",
    ),
    Consent(
        "news",
        "새 소식 알림 받기",
        False,
        "동의하지 않아도 발급할 수 있습니다.",
    ),
)


@dataclass(frozen=True)
class Medium:
    id: str
    label: str
    advice: str
    recommended: bool
    source: str


MEDIA = (
    Medium(
        "harddisk",
        "하드디스크",
        "PC가 악성코드에 감염되면 하드디스크의 NPKI 폴더에 있는 인증서가 빠져나갈 수 있어 권하지 않습니다. "
        "PC방·도서관 같은 **공용 PC에는 절대 저장하지 마세요.**",
        False,
        "KISA 2015-12-10 (아시아경제 보도); edup.co.kr",
    ),
    Medium(
        "removable",
        "이동식디스크 (USB)",
        "KISA가 권하는 매체입니다. 쓰지 않을 때는 PC에서 빼 두고, USB를 잃어버렸다면 바로 **재발급**하세요"
        "(잃어버린 인증서는 자동으로 폐지됩니다).",
        True,
        "KISA 2015-12-10 (아시아경제 보도); yessign 재발급 안내",
    ),
    Medium(
        "token",
        "보안토큰",
        "인증서가 장치 밖으로 복사되지 않는 보안 장치(HSM)라 가장 안전한 편입니다. KISA가 권하는 매체입니다.",
        True,
        "KISA 2015-12-10 (아시아경제 보도)",
    ),
    Medium(
        "phone",
        "휴대폰",
        "KISA는 휴대폰의 NPKI 폴더에 인증서를 두지 말라고 권합니다. 인증서나 보안카드를 사진·이메일·웹하드에 "
        "보관하지 마세요. 휴대폰을 잃어버리면 함께 유출될 수 있습니다.",
        False,
        "KISA 2015-12-10 (아시아경제 보도); 금융감독원 안내 (우리은행 공지)",
    ),
)

CARD_WARNING = (
    "은행은 보안카드 번호의 **일부 자리**만 묻습니다. 번호 **전체**를 입력하라는 화면은 언제나 피싱입니다. "
    "(출처: 금융위원회)"
)
SMS_WARNING = (
    "이 인증번호는 **누구에게도** 알려주지 마세요. 은행 직원이라며 번호를 묻는 전화는 사기입니다. "
    "(출처: 국민일보 2014)"
)
PASSWORD_TIP = (
    "다른 인터넷 사이트의 비밀번호와 **다르게** 정하세요. 은행도 인증서 비밀번호를 알지 못하므로, "
    "잊으면 재발급해야 합니다. (출처: KISA; 보안뉴스·디지털데일리 2014-09)"
)


@dataclass(frozen=True)
class FictionalPerson:
    """The made-up learner the '가상 정보 채우기' button types in. Never a real person."""

    rrn_front: str = "850101"
    rrn_back: str = "2000000"
    account: str = "9002-0000-0000-1"
    account_password: str = "1357"


FICTIONAL_PERSON = FictionalPerson()


def flow(flow_id: str) -> FlowInfo:
    try:
        return FLOWS[flow_id]
    except KeyError:
        raise ValueError(
            f"알 수 없는 실습 흐름입니다: {flow_id!r} ({', '.join(FLOW_IDS)}) / "
            f"unknown simulator flow {flow_id!r}: use one of {', '.join(FLOW_IDS)}"
        ) from None
