"""Surnames that very many people share, romanised (written by the team from public surname
statistics of China, Korea, Vietnam and India). A short full name with one of them ("Yang Liu",
"Min-Jun Kim") is shared by many researchers, so graph/identity.py joins its mentions only on
evidence; other names are one person unless the evidence says otherwise."""

_LINES = (
    "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo zheng liang xie",
    "song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei su lu ding",
    "ren shen yao jin fu zhong tan lv shi fan qian dai wan xia qiu hou zou xiong meng qin bai jia mao hao",
    "kong shao yan gu mo kang niu hong long wen ni lei",
    "kim lee park choi jung jeong cho yoon jang lim oh seo shin kwon hwang ahn yoo jeon ko moon son bae",
    "baek heo nam",
    "nguyen tran le pham hoang phan vu vo dang bui do ho ngo duong ly",
    "singh kumar sharma gupta patel shah das",
)
COMMON_SURNAMES = frozenset(word for line in _LINES for word in line.split())
