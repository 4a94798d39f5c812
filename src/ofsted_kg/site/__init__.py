"""The website stage: the graph as static HTML pages whose paths mirror its IRIs."""
