/* keras_h5.h: ImageNet weights from Keras' HDF5 weight files (native builds, libhdf5).
 *
 * The files users download once from Keras' GitHub releases, e.g.
 *   https://github.com/fchollet/deep-learning-models/releases/download/v0.1/
 *       vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5   (and vgg19_...)
 * are read following Keras' layout generically (keras/saving/hdf5_format.py):
 *   root (or /model_weights) attribute "layer_names": the layers in order;
 *   each layer's group, attribute "weight_names": its weights, as dataset paths relative
 *   to the group ("block1_conv1/kernel:0" in Keras 2, "block1_conv1_W_1:0" in Keras 1);
 *   conv kernels HWIO (3, 3, CI, CO) ("tf" dim ordering), biases (CO).
 * Strings may be fixed- or variable-length. A conv layer's two weights are told apart by
 * rank (4 = kernel, 1 = bias), as Keras itself loads by position and shape. Layers without
 * weights (input, pools) and layers outside the conv base are skipped. */
#ifndef PC_IO_KERAS_H5_H
#define PC_IO_KERAS_H5_H

#include "../base/status.h"
#include "../nn/vgg.h"

typedef struct pc_keras_import_report {
    int layers_in_file;     /* entries of layer_names */
    int conv_layers_loaded; /* = the model's conv count on success */
    int layers_skipped;     /* layers with weights that are not part of the conv base */
    char keras_version[32]; /* root attributes, "" when absent */
    char backend[32];
} pc_keras_import_report;

/* Copies every block*_conv* kernel and bias of m (which must be full width) from the
 * Keras HDF5 file at path, then re-packs the weights. Fails, naming the file and the
 * layer, on: a missing file, a file that is not HDF5, no layer_names, a conv layer the file
 * lacks, a weight of the wrong shape (Theano-ordered kernels are recognised and named as
 * such), a non-float or non-finite weight. On failure m's weights are unspecified. */
pc_status pc_keras_h5_import(pc_ctx *ctx, const char *path, pc_vgg *m, pc_keras_import_report *report);

#endif
