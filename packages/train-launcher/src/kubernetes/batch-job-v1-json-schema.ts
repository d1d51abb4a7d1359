/**
 * A JSON Schema (draft-07, compiled with ajv) of the parts of a Kubernetes `batch/v1` Job
 * that swespot emits for sharded stages (Indexed Jobs): metadata, the whole JobSpec and the
 * pod template.
 *
 * Provenance: the Job and JobSpec fields, their types and int32/int64 formats, and the
 * `completionMode` and `podReplacementPolicy` values are from the official OpenAPI v3
 * document `api/openapi-spec/v3/apis__batch__v1_openapi.json` of kubernetes/kubernetes
 * (commit 0021731de5897e81f1d576a134db15c7c301eeff; `io.k8s.api.batch.v1.Job` and
 * `io.k8s.api.batch.v1.JobSpec`; descriptions removed; `podFailurePolicy`, `selector` and
 * `successPolicy` kept as plain objects because swespot does not emit them). The rules the
 * API server adds (`pkg/apis/batch/validation`, quoted in the field descriptions of that
 * document) are written as `if`/`then`: an Indexed Job needs `completions`, and its
 * `completions` and `parallelism` are at most 10^5; `backoffLimitPerIndex` only with
 * `completionMode: Indexed` and `restartPolicy: Never`; `maxFailedIndexes` only with
 * `backoffLimitPerIndex`; a Job's pods restart `Never` or `OnFailure`; counts are not
 * negative. The pod template (`io.k8s.api.core.v1.PodTemplateSpec`, narrowed to containers,
 * init containers, volumes, resources, node selector, tolerations and the like) is the one
 * of {@link pyTorchJobV1JsonSchema}, which Kubeflow generates from the same core/v1 Go
 * types, without its PyTorchJob-only rule (a container named `pytorch`). Unlike the API
 * server, which prunes unknown fields, this schema rejects them (`additionalProperties:
 * false`), so a misspelt field fails here instead of vanishing on `kubectl apply`.
 */
export const batchJobV1JsonSchema: Record<string, unknown> = {
  "$schema": "http://json-schema.org/draft-07/schema#",
  "type": "object",
  "required": [
    "apiVersion",
    "kind",
    "metadata",
    "spec"
  ],
  "properties": {
    "apiVersion": {
      "type": "string",
      "const": "batch/v1"
    },
    "kind": {
      "type": "string",
      "const": "Job"
    },
    "metadata": {
      "properties": {
        "annotations": {
          "additionalProperties": {
            "type": "string"
          },
          "type": "object"
        },
        "finalizers": {
          "items": {
            "type": "string"
          },
          "type": "array"
        },
        "labels": {
          "additionalProperties": {
            "type": "string"
          },
          "type": "object"
        },
        "name": {
          "type": "string",
          "pattern": "^[a-z]([-a-z0-9]*[a-z0-9])?$",
          "maxLength": 63
        },
        "namespace": {
          "type": "string"
        }
      },
      "type": "object",
      "additionalProperties": false,
      "required": [
        "name"
      ]
    },
    "spec": {
      "type": "object",
      "required": [
        "template"
      ],
      "additionalProperties": false,
      "properties": {
        "activeDeadlineSeconds": {
          "type": "integer",
          "format": "int64",
          "minimum": 1
        },
        "backoffLimit": {
          "type": "integer",
          "format": "int32",
          "minimum": 0,
          "maximum": 2147483647
        },
        "backoffLimitPerIndex": {
          "type": "integer",
          "format": "int32",
          "minimum": 0,
          "maximum": 2147483647
        },
        "completionMode": {
          "type": "string",
          "enum": [
            "NonIndexed",
            "Indexed"
          ]
        },
        "completions": {
          "type": "integer",
          "format": "int32",
          "minimum": 0,
          "maximum": 2147483647
        },
        "managedBy": {
          "type": "string",
          "maxLength": 63
        },
        "manualSelector": {
          "type": "boolean"
        },
        "maxFailedIndexes": {
          "type": "integer",
          "format": "int32",
          "minimum": 0,
          "maximum": 2147483647
        },
        "parallelism": {
          "type": "integer",
          "format": "int32",
          "minimum": 0,
          "maximum": 2147483647
        },
        "podFailurePolicy": {
          "type": "object"
        },
        "podReplacementPolicy": {
          "type": "string",
          "enum": [
            "TerminatingOrFailed",
            "Failed"
          ]
        },
        "selector": {
          "type": "object"
        },
        "successPolicy": {
          "type": "object"
        },
        "suspend": {
          "type": "boolean"
        },
        "template": {
          "properties": {
            "metadata": {
              "properties": {
                "annotations": {
                  "additionalProperties": {
                    "type": "string"
                  },
                  "type": "object"
                },
                "finalizers": {
                  "items": {
                    "type": "string"
                  },
                  "type": "array"
                },
                "labels": {
                  "additionalProperties": {
                    "type": "string"
                  },
                  "type": "object"
                },
                "name": {
                  "type": "string"
                },
                "namespace": {
                  "type": "string"
                }
              },
              "type": "object",
              "additionalProperties": false
            },
            "spec": {
              "properties": {
                "containers": {
                  "items": {
                    "properties": {
                      "name": {
                        "type": "string"
                      },
                      "image": {
                        "type": "string",
                        "minLength": 1
                      },
                      "imagePullPolicy": {
                        "type": "string"
                      },
                      "command": {
                        "items": {
                          "type": "string"
                        },
                        "type": "array"
                      },
                      "args": {
                        "items": {
                          "type": "string"
                        },
                        "type": "array"
                      },
                      "workingDir": {
                        "type": "string"
                      },
                      "env": {
                        "items": {
                          "properties": {
                            "name": {
                              "type": "string"
                            },
                            "value": {
                              "type": "string"
                            },
                            "valueFrom": {
                              "properties": {
                                "configMapKeyRef": {
                                  "properties": {
                                    "key": {
                                      "type": "string"
                                    },
                                    "name": {
                                      "default": "",
                                      "type": "string"
                                    },
                                    "optional": {
                                      "type": "boolean"
                                    }
                                  },
                                  "required": [
                                    "key"
                                  ],
                                  "type": "object",
                                  "additionalProperties": false
                                },
                                "fieldRef": {
                                  "properties": {
                                    "apiVersion": {
                                      "type": "string"
                                    },
                                    "fieldPath": {
                                      "type": "string"
                                    }
                                  },
                                  "required": [
                                    "fieldPath"
                                  ],
                                  "type": "object",
                                  "additionalProperties": false
                                },
                                "resourceFieldRef": {
                                  "properties": {
                                    "containerName": {
                                      "type": "string"
                                    },
                                    "divisor": {
                                      "anyOf": [
                                        {
                                          "type": "integer"
                                        },
                                        {
                                          "type": "string"
                                        }
                                      ],
                                      "pattern": "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$"
                                    },
                                    "resource": {
                                      "type": "string"
                                    }
                                  },
                                  "required": [
                                    "resource"
                                  ],
                                  "type": "object",
                                  "additionalProperties": false
                                },
                                "secretKeyRef": {
                                  "properties": {
                                    "key": {
                                      "type": "string"
                                    },
                                    "name": {
                                      "default": "",
                                      "type": "string"
                                    },
                                    "optional": {
                                      "type": "boolean"
                                    }
                                  },
                                  "required": [
                                    "key"
                                  ],
                                  "type": "object",
                                  "additionalProperties": false
                                }
                              },
                              "type": "object",
                              "additionalProperties": false
                            }
                          },
                          "required": [
                            "name"
                          ],
                          "type": "object",
                          "additionalProperties": false
                        },
                        "type": "array"
                      },
                      "envFrom": {
                        "items": {
                          "properties": {
                            "configMapRef": {
                              "properties": {
                                "name": {
                                  "default": "",
                                  "type": "string"
                                },
                                "optional": {
                                  "type": "boolean"
                                }
                              },
                              "type": "object",
                              "additionalProperties": false
                            },
                            "prefix": {
                              "type": "string"
                            },
                            "secretRef": {
                              "properties": {
                                "name": {
                                  "default": "",
                                  "type": "string"
                                },
                                "optional": {
                                  "type": "boolean"
                                }
                              },
                              "type": "object",
                              "additionalProperties": false
                            }
                          },
                          "type": "object",
                          "additionalProperties": false
                        },
                        "type": "array"
                      },
                      "ports": {
                        "items": {
                          "properties": {
                            "containerPort": {
                              "type": "integer"
                            },
                            "hostIP": {
                              "type": "string"
                            },
                            "hostPort": {
                              "type": "integer"
                            },
                            "name": {
                              "type": "string"
                            },
                            "protocol": {
                              "default": "TCP",
                              "type": "string"
                            }
                          },
                          "required": [
                            "containerPort"
                          ],
                          "type": "object",
                          "additionalProperties": false
                        },
                        "type": "array"
                      },
                      "resources": {
                        "properties": {
                          "claims": {
                            "items": {
                              "properties": {
                                "name": {
                                  "type": "string"
                                },
                                "request": {
                                  "type": "string"
                                }
                              },
                              "required": [
                                "name"
                              ],
                              "type": "object",
                              "additionalProperties": false
                            },
                            "type": "array"
                          },
                          "limits": {
                            "additionalProperties": {
                              "anyOf": [
                                {
                                  "type": "integer"
                                },
                                {
                                  "type": "string"
                                }
                              ],
                              "pattern": "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$"
                            },
                            "type": "object"
                          },
                          "requests": {
                            "additionalProperties": {
                              "anyOf": [
                                {
                                  "type": "integer"
                                },
                                {
                                  "type": "string"
                                }
                              ],
                              "pattern": "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$"
                            },
                            "type": "object"
                          }
                        },
                        "type": "object",
                        "additionalProperties": false
                      },
                      "volumeMounts": {
                        "items": {
                          "properties": {
                            "mountPath": {
                              "type": "string"
                            },
                            "mountPropagation": {
                              "type": "string"
                            },
                            "name": {
                              "type": "string"
                            },
                            "readOnly": {
                              "type": "boolean"
                            },
                            "recursiveReadOnly": {
                              "type": "string"
                            },
                            "subPath": {
                              "type": "string"
                            },
                            "subPathExpr": {
                              "type": "string"
                            }
                          },
                          "required": [
                            "mountPath",
                            "name"
                          ],
                          "type": "object",
                          "additionalProperties": false
                        },
                        "type": "array"
                      }
                    },
                    "required": [
                      "name",
                      "image"
                    ],
                    "type": "object",
                    "additionalProperties": false
                  },
                  "type": "array",
                  "minItems": 1
                },
                "initContainers": {
                  "items": {
                    "properties": {
                      "name": {
                        "type": "string"
                      },
                      "image": {
                        "type": "string"
                      },
                      "imagePullPolicy": {
                        "type": "string"
                      },
                      "command": {
                        "items": {
                          "type": "string"
                        },
                        "type": "array"
                      },
                      "args": {
                        "items": {
                          "type": "string"
                        },
                        "type": "array"
                      },
                      "workingDir": {
                        "type": "string"
                      },
                      "env": {
                        "items": {
                          "properties": {
                            "name": {
                              "type": "string"
                            },
                            "value": {
                              "type": "string"
                            },
                            "valueFrom": {
                              "properties": {
                                "configMapKeyRef": {
                                  "properties": {
                                    "key": {
                                      "type": "string"
                                    },
                                    "name": {
                                      "default": "",
                                      "type": "string"
                                    },
                                    "optional": {
                                      "type": "boolean"
                                    }
                                  },
                                  "required": [
                                    "key"
                                  ],
                                  "type": "object",
                                  "additionalProperties": false
                                },
                                "fieldRef": {
                                  "properties": {
                                    "apiVersion": {
                                      "type": "string"
                                    },
                                    "fieldPath": {
                                      "type": "string"
                                    }
                                  },
                                  "required": [
                                    "fieldPath"
                                  ],
                                  "type": "object",
                                  "additionalProperties": false
                                },
                                "resourceFieldRef": {
                                  "properties": {
                                    "containerName": {
                                      "type": "string"
                                    },
                                    "divisor": {
                                      "anyOf": [
                                        {
                                          "type": "integer"
                                        },
                                        {
                                          "type": "string"
                                        }
                                      ],
                                      "pattern": "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$"
                                    },
                                    "resource": {
                                      "type": "string"
                                    }
                                  },
                                  "required": [
                                    "resource"
                                  ],
                                  "type": "object",
                                  "additionalProperties": false
                                },
                                "secretKeyRef": {
                                  "properties": {
                                    "key": {
                                      "type": "string"
                                    },
                                    "name": {
                                      "default": "",
                                      "type": "string"
                                    },
                                    "optional": {
                                      "type": "boolean"
                                    }
                                  },
                                  "required": [
                                    "key"
                                  ],
                                  "type": "object",
                                  "additionalProperties": false
                                }
                              },
                              "type": "object",
                              "additionalProperties": false
                            }
                          },
                          "required": [
                            "name"
                          ],
                          "type": "object",
                          "additionalProperties": false
                        },
                        "type": "array"
                      },
                      "envFrom": {
                        "items": {
                          "properties": {
                            "configMapRef": {
                              "properties": {
                                "name": {
                                  "default": "",
                                  "type": "string"
                                },
                                "optional": {
                                  "type": "boolean"
                                }
                              },
                              "type": "object",
                              "additionalProperties": false
                            },
                            "prefix": {
                              "type": "string"
                            },
                            "secretRef": {
                              "properties": {
                                "name": {
                                  "default": "",
                                  "type": "string"
                                },
                                "optional": {
                                  "type": "boolean"
                                }
                              },
                              "type": "object",
                              "additionalProperties": false
                            }
                          },
                          "type": "object",
                          "additionalProperties": false
                        },
                        "type": "array"
                      },
                      "ports": {
                        "items": {
                          "properties": {
                            "containerPort": {
                              "type": "integer"
                            },
                            "hostIP": {
                              "type": "string"
                            },
                            "hostPort": {
                              "type": "integer"
                            },
                            "name": {
                              "type": "string"
                            },
                            "protocol": {
                              "default": "TCP",
                              "type": "string"
                            }
                          },
                          "required": [
                            "containerPort"
                          ],
                          "type": "object",
                          "additionalProperties": false
                        },
                        "type": "array"
                      },
                      "resources": {
                        "properties": {
                          "claims": {
                            "items": {
                              "properties": {
                                "name": {
                                  "type": "string"
                                },
                                "request": {
                                  "type": "string"
                                }
                              },
                              "required": [
                                "name"
                              ],
                              "type": "object",
                              "additionalProperties": false
                            },
                            "type": "array"
                          },
                          "limits": {
                            "additionalProperties": {
                              "anyOf": [
                                {
                                  "type": "integer"
                                },
                                {
                                  "type": "string"
                                }
                              ],
                              "pattern": "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$"
                            },
                            "type": "object"
                          },
                          "requests": {
                            "additionalProperties": {
                              "anyOf": [
                                {
                                  "type": "integer"
                                },
                                {
                                  "type": "string"
                                }
                              ],
                              "pattern": "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$"
                            },
                            "type": "object"
                          }
                        },
                        "type": "object",
                        "additionalProperties": false
                      },
                      "volumeMounts": {
                        "items": {
                          "properties": {
                            "mountPath": {
                              "type": "string"
                            },
                            "mountPropagation": {
                              "type": "string"
                            },
                            "name": {
                              "type": "string"
                            },
                            "readOnly": {
                              "type": "boolean"
                            },
                            "recursiveReadOnly": {
                              "type": "string"
                            },
                            "subPath": {
                              "type": "string"
                            },
                            "subPathExpr": {
                              "type": "string"
                            }
                          },
                          "required": [
                            "mountPath",
                            "name"
                          ],
                          "type": "object",
                          "additionalProperties": false
                        },
                        "type": "array"
                      }
                    },
                    "required": [
                      "name"
                    ],
                    "type": "object",
                    "additionalProperties": false
                  },
                  "type": "array"
                },
                "volumes": {
                  "items": {
                    "properties": {
                      "name": {
                        "type": "string"
                      },
                      "emptyDir": {
                        "properties": {
                          "medium": {
                            "type": "string"
                          },
                          "sizeLimit": {
                            "anyOf": [
                              {
                                "type": "integer"
                              },
                              {
                                "type": "string"
                              }
                            ],
                            "pattern": "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$"
                          }
                        },
                        "type": "object",
                        "additionalProperties": false
                      },
                      "persistentVolumeClaim": {
                        "properties": {
                          "claimName": {
                            "type": "string"
                          },
                          "readOnly": {
                            "type": "boolean"
                          }
                        },
                        "required": [
                          "claimName"
                        ],
                        "type": "object",
                        "additionalProperties": false
                      },
                      "hostPath": {
                        "properties": {
                          "path": {
                            "type": "string"
                          },
                          "type": {
                            "type": "string"
                          }
                        },
                        "required": [
                          "path"
                        ],
                        "type": "object",
                        "additionalProperties": false
                      },
                      "configMap": {
                        "properties": {
                          "defaultMode": {
                            "type": "integer"
                          },
                          "items": {
                            "items": {
                              "properties": {
                                "key": {
                                  "type": "string"
                                },
                                "mode": {
                                  "type": "integer"
                                },
                                "path": {
                                  "type": "string"
                                }
                              },
                              "required": [
                                "key",
                                "path"
                              ],
                              "type": "object",
                              "additionalProperties": false
                            },
                            "type": "array"
                          },
                          "name": {
                            "default": "",
                            "type": "string"
                          },
                          "optional": {
                            "type": "boolean"
                          }
                        },
                        "type": "object",
                        "additionalProperties": false
                      },
                      "secret": {
                        "properties": {
                          "defaultMode": {
                            "type": "integer"
                          },
                          "items": {
                            "items": {
                              "properties": {
                                "key": {
                                  "type": "string"
                                },
                                "mode": {
                                  "type": "integer"
                                },
                                "path": {
                                  "type": "string"
                                }
                              },
                              "required": [
                                "key",
                                "path"
                              ],
                              "type": "object",
                              "additionalProperties": false
                            },
                            "type": "array"
                          },
                          "optional": {
                            "type": "boolean"
                          },
                          "secretName": {
                            "type": "string"
                          }
                        },
                        "type": "object",
                        "additionalProperties": false
                      },
                      "nfs": {
                        "properties": {
                          "path": {
                            "type": "string"
                          },
                          "readOnly": {
                            "type": "boolean"
                          },
                          "server": {
                            "type": "string"
                          }
                        },
                        "required": [
                          "path",
                          "server"
                        ],
                        "type": "object",
                        "additionalProperties": false
                      }
                    },
                    "required": [
                      "name"
                    ],
                    "type": "object",
                    "additionalProperties": false
                  },
                  "type": "array"
                },
                "nodeSelector": {
                  "additionalProperties": {
                    "type": "string"
                  },
                  "type": "object"
                },
                "tolerations": {
                  "items": {
                    "properties": {
                      "effect": {
                        "type": "string"
                      },
                      "key": {
                        "type": "string"
                      },
                      "operator": {
                        "type": "string"
                      },
                      "tolerationSeconds": {
                        "type": "integer"
                      },
                      "value": {
                        "type": "string"
                      }
                    },
                    "type": "object",
                    "additionalProperties": false
                  },
                  "type": "array"
                },
                "restartPolicy": {
                  "type": "string",
                  "enum": [
                    "Never",
                    "OnFailure"
                  ]
                },
                "serviceAccountName": {
                  "type": "string"
                },
                "schedulerName": {
                  "type": "string"
                },
                "priorityClassName": {
                  "type": "string"
                },
                "imagePullSecrets": {
                  "items": {
                    "properties": {
                      "name": {
                        "default": "",
                        "type": "string"
                      }
                    },
                    "type": "object",
                    "additionalProperties": false
                  },
                  "type": "array"
                },
                "hostIPC": {
                  "type": "boolean"
                },
                "terminationGracePeriodSeconds": {
                  "type": "integer"
                }
              },
              "required": [
                "containers",
                "restartPolicy"
              ],
              "type": "object",
              "additionalProperties": false
            }
          },
          "type": "object",
          "additionalProperties": false
        },
        "ttlSecondsAfterFinished": {
          "type": "integer",
          "format": "int32",
          "minimum": 0,
          "maximum": 2147483647
        }
      },
      "allOf": [
        {
          "if": {
            "required": [
              "completionMode"
            ],
            "properties": {
              "completionMode": {
                "const": "Indexed"
              }
            }
          },
          "then": {
            "required": [
              "completions"
            ],
            "properties": {
              "completions": {
                "maximum": 100000
              },
              "parallelism": {
                "maximum": 100000
              }
            }
          }
        },
        {
          "if": {
            "required": [
              "backoffLimitPerIndex"
            ]
          },
          "then": {
            "required": [
              "completionMode"
            ],
            "properties": {
              "completionMode": {
                "const": "Indexed"
              },
              "template": {
                "properties": {
                  "spec": {
                    "properties": {
                      "restartPolicy": {
                        "const": "Never"
                      }
                    }
                  }
                }
              }
            }
          }
        },
        {
          "if": {
            "required": [
              "maxFailedIndexes"
            ]
          },
          "then": {
            "required": [
              "backoffLimitPerIndex"
            ]
          }
        }
      ]
    }
  },
  "additionalProperties": false
};
