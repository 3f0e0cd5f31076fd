from .base import Profile


class PmqaGuideProfile(Profile):
    name = "pmqa_guide"

    def score(self, document):
        return 0.0
