import MICommands

#if MI_MPI
import MIMPI
TrainCommand.processGroup = ToolMain.setUp(tool: "mi-train") { try MPIGroup.fromEnvironment() }
#endif
ToolMain.run(TrainCommand.self)
