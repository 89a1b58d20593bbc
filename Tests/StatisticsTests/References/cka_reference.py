# The float64 linear CKA pinned in LinearCKATests, by Kornblith et al.'s own numpy code (the
# "Similarity of Neural Network Representations Revisited" colab: gram_linear, center_gram, cka,
# and feature_space_linear_cka), on samples regenerated bit for bit.
# Run: ~/venv-scipy/bin/python cka_reference.py
import numpy as np, sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fd_reference import correlated

def gram_linear(x): return x.dot(x.T)
def center_gram(gram):
    gram = gram.copy(); means = np.mean(gram, 0, dtype=np.float64); means -= np.mean(means) / 2
    gram -= means[:, None]; gram -= means[None, :]; return gram
def cka(gram_x, gram_y):
    gram_x = center_gram(gram_x); gram_y = center_gram(gram_y)
    return gram_x.ravel().dot(gram_y.ravel()) / (np.linalg.norm(gram_x) * np.linalg.norm(gram_y))
def feature_space_linear_cka(x, y):
    x = x - np.mean(x, 0, keepdims=True); y = y - np.mean(y, 0, keepdims=True)
    dot = np.linalg.norm(x.T.dot(y)) ** 2
    return dot / (np.linalg.norm(x.T.dot(x)) * np.linalg.norm(y.T.dot(y)))

X = correlated(3, 40, 6, 2.0, 1.0)
Z = correlated(9, 40, 4, 0.0, 1.0)
Y = X[:, :4] ** 2 + 0.5 * Z
print("gram form    %.17g" % cka(gram_linear(X), gram_linear(Y)))
print("feature form %.17g" % feature_space_linear_cka(X, Y))
