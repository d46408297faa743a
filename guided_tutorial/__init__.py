__version__ = "0.1.0"

# Importing the package applies every chapter's methods to GaussianDiffusion.
from .forward import GaussianDiffusion, get_named_beta_schedule, extract
from . import posterior, parameterization, guidance
from .sampling import SpacedDiffusion, space_timesteps
from .guidance import make_cond_fn, classifier_cond_fn, labels_for_guidance_only
from .networks import Unet, NoisyClassifier, Evaluator
