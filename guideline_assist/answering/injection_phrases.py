"""The words of text that addresses an assistant rather than a clinician, in Russian, Tajik and English.

Guidelines speak to clinicians in the imperative too ("Назначьте амоксициллин 500 мг", "Give oxytocin 10 IU
IM", "Не назначайте", "Ба модар фаҳмонед"), so no pattern here fires on an imperative alone. Each one needs
something a guideline never says (measured: 0 sentences flagged over every page of the 8 real guideline
PDFs and the demonstration corpus, see tests/guideline_assist/answering/test_guard.py):

- DISREGARD: a verb telling the reader to set text aside (игнорируйте, забудьте, не обращайте внимания,
  ignore, disregard, нодида гиред, фаромӯш кунед, ба назар нагиред) together with something that is text
  rather than a patient (инструкции, указания выше, всё, the guidance above, дастурҳо, ...), or with nothing
  at all ("Забудьте.", "Ignore this."). "Не обращайте внимания на отдельные значения давления" stays.
- ADDRESS: the reader named as a model ("you are now an assistant", "ты теперь", "вы — ассистент",
  "as an AI", "system prompt", "новые инструкции", "ту акнун ёрдамчӣ"), and the Russian informal "ты"
  imperatives (скажи, ответь, игнорируй): Russian guidelines address clinicians with "вы" only.
- OUTPUT: an order about what to answer ("answer that", "ответьте, что", "в своём ответе", "сообщите
  пользователю"), never a "tell the mother that" (someone other than the reader is told).
"""

from __future__ import annotations

import re

# English imperatives stand at the start of a clause; "clinicians should not ignore ..." is not one.
_CLAUSE = r"(?:^|[,;:—–-]\s*|\b(?:and|then|now|please|just|simply|so)\s+)"

DISREGARD_VERBS = [
    r"(?<!не )(?<!не\xa0)\b(?:про)?игнорируй(?:те)?\b",
    r"(?<!не )\bзабудь(?:те)?\b",
    r"\bне\s+обращай(?:те)?\s+внимани[ея]\b",
    r"\bне\s+(?:учитывай|следуй|слушай)(?:те)?\b",
    r"\bне\s+принимай(?:те)?\s+во\s+внимание\b",
    r"\b(?:отбрось|пренебреги)(?:те)?\b",
    _CLAUSE + r"(?:ignore|disregard|forget|override|bypass)\b",
    r"\b(?:pay\s+no\s+attention|do\s+not\s+follow|don'?t\s+follow|stop\s+following)\b",
    r"\bнодида\s+гир(?:ед)?\b",
    r"\bфаромӯш\s+кун(?:ед)?\b|\bфаромуш\s+кун(?:ед)?\b",
    r"\bба\s+назар\s+нагир(?:ед)?\b",
    r"\bсарфи\s*назар\s+кун(?:ед)?\b",
    r"\b(?:эътибор|аҳамият)\s+на(?:диҳед|деҳ)\b",
    r"\b(?:иҷро|пайравӣ)\s+накун(?:ед)?\b",
]
# What an instruction to disregard is about when it is an injection: text, not a patient or a reading.
TEXT_OBJECTS = [
    r"инструкц|указани|правил|вышеизлож|вышесказ|вышеприв|вышеуказ|сказанн|написанн|\bвыше\b|\bвс[её]\b",
    r"текст|контекст|промпт|руководств|документ|источник|\bраздел|\bабзац|\bпараграф",
    r"instruction|guidance|guideline|\brules?\b|\babove\b|everything|\btext\b|context|prompt|document",
    r"\bsources?\b|message|\bsaid\b|written|direction|\bsection\b|paragraph|passage",
    r"дастур|супориш|қоида|\bболоӣ\b|\bдар\s+боло\b|гуфтаҳо|гуфташуда|навиштаҷот|\bматн|ҳуҷҷат|тавсия|\bфасл|қисмат",
]
# Words that may stand beside the verb in a sentence that is nothing but the instruction ("Забудьте всё.",
# "Ignore this, please.", "Инро фаромӯш кунед."): such a bare sentence introduces the claim after it.
FILLERS = frozenset(
    """
    the a an this that these those it all everything rest please now just simply then and above previous
    всё все это этот эту то остальное остальные пожалуйста теперь сейчас просто и выше ранее сказанное
    написанное ин он инро онро ҳама ҳамаи боқимонда боқимондаро лутфан акнун ҳоло ва боло
""".split()
)

ADDRESS = [
    r"\byou\s+are\s+(?:now\s+|no\s+longer\s+)?(?:an?\s+|the\s+)?(?:\w+\s+){0,2}(?:ai|assistant|chatbot|bot|language\s+model|"
    r"model|llm|gpt)\b",
    r"\bas\s+an\s+(?:ai|assistant|language\s+model)\b",
    r"\b(?:system|developer)\s+(?:prompt|message|instructions?)\b",
    r"\bnew\s+instructions?\b|\bjailbreak|\bdeveloper\s+mode\b|\bfrom\s+now\s+on\b",
    r"^(?:dear\s+|hey\s+)?(?:assistant|ai|chatbot|llm|chatgpt|model)\s*[,:]",
    r"\b(?:ты|вы)\s*(?:теперь\s*)?[—–-]?\s*(?:теперь\s+)?(?:ассистент|помощник|модель|чат-?бот|бот|ии|нейросеть)\b",
    r"\bкак\s+(?:ии|ассистент|языковая\s+модель|нейросеть)\b",
    r"\bсистемн\w*\s+(?:промпт|подсказк|инструкц|сообщени)",
    r"\bнов\w*\s+инструкци\w*\s+(?:для|ассистент|модел)|\bнов\w*\s+инструкци\w*\s*:",
    r"^(?:ассистент|модель|ии|бот|нейросеть)\s*[,:]",
    r"\b(?:ты|тебе|тебя|тобой|твой|твоя|твои|твоё|твое|твоего|твоей)\b",
    r"\b(?:скажи|ответь|отвечай|напиши|выведи|сообщи|игнорируй|проигнорируй|забудь|запомни|притворись)\b",
    r"\b(?:ту|шумо)\s+(?:акнун\s+|ҳоло\s+)?(?:ёрдамчӣ|ассистент|модел|бот|зеҳни\s+сунъӣ)",
    r"\bдастурҳои\s+нав\b|\bзеҳни\s+сунъӣ\b",
]

OUTPUT = [
    r"\b(?:answer|reply|respond|say|state|output|print|write|tell)\b[^.]{0,40}\b(?:the\s+user|users?'?|"
    r"the\s+assistant|the\s+model)\b",
    _CLAUSE + r"(?:always\s+|only\s+)?(?:answer|reply|respond|say|output|print)\s+(?:only\s+)?(?:that|with)\b",
    r"\b(?:in|from)\s+(?:your|the)\s+(?:answer|response|reply|output)\b",
    r"\b(?:ответь|отвечай|скажи|сообщи|напиши|выведи|повтори)(?:те)?\b[^.]{0,60}(?:пользовател|ассистент|"
    r"модел|чат)",
    r"^(?:пожалуйста,?\s+|теперь\s+|всегда\s+|просто\s+)?(?:ответь|отвечай|скажи|сообщи|напиши|выведи)(?:те)?"
    r"\s*(?:,\s*что\b|только\b)",
    r"\bв\s+(?:своём|своем|твоём|твоем|вашем|этом)\s+ответе\b",
    r"^(?:лутфан\s+|акнун\s+|ҳамеша\s+|танҳо\s+)?(?:бигӯед|бигӯ|ҷавоб\s+диҳед|ҷавоб\s+деҳ|нависед)\s*,?\s*ки\b",
    r"\b(?:ба\s+)?(?:корбар|истифодабаранда)\w*\s+(?:бигӯ|гӯ|ҷавоб|нависед|хабар)",
    r"\bдар\s+ҷавоб(?:и\s+худ|атон|и\s+шумо)\b",
]


def _compile(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


DISREGARD = _compile(DISREGARD_VERBS)
TEXT_OBJECT = _compile(TEXT_OBJECTS)
ADDRESSED = _compile(ADDRESS + OUTPUT)
